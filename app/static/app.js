// Browser script of the sample shop: calls the app tier's API through the web tier (/api/).
'use strict';

async function request(path, options) {
  const response = await fetch(path, options);
  const body = await response.json();
  return { status: response.status, body };
}

function setText(id, text, className) {
  const element = document.getElementById(id);
  element.textContent = text;
  element.className = className || '';
}

async function showHealth() {
  try {
    const { body } = await request('/api/health');
    const { database, cache } = body.checks;
    setText(
      'health',
      `${body.status}: answered from ${body.availabilityZone} (${body.instanceId}); database ${database.status}, cache ${cache.status}`,
      body.status,
    );
  } catch (error) {
    setText('health', `health check failed: ${error.message}`, 'error');
  }
}

async function showOrders() {
  const { status, body } = await request('/api/orders');
  if (status !== 200) return setText('orders-source', body.error, 'error');
  setText('orders-source', `(from the ${body.source})`);
  const rows = body.orders.map((order) => {
    const row = document.createElement('tr');
    for (const value of [order.id, order.item, order.quantity, new Date(order.createdAt).toLocaleString()]) {
      const cell = document.createElement('td');
      cell.textContent = String(value);
      row.appendChild(cell);
    }
    return row;
  });
  document.getElementById('orders').replaceChildren(...rows);
}

async function placeOrder(event) {
  event.preventDefault();
  const form = event.target;
  const { status, body } = await request('/api/orders', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ item: form.item.value, quantity: Number(form.quantity.value) }),
  });
  if (status === 201) {
    setText('order-result', `Order ${body.order.id} placed.`);
    form.reset();
  } else {
    setText('order-result', body.error, 'error');
  }
  await showOrders();
}

document.getElementById('order-form').addEventListener('submit', placeOrder);
showHealth();
showOrders();
