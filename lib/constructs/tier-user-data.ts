import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * Boot scripts of the tiers. Instances are never changed by hand (competency 2.2): a change
 * here rolls the Auto Scaling groups through their launch templates.
 */

/** nginx on the web port: `/healthz` for the ALB, `/api/` proxied to the internal ALB. */
export function webTierUserData(webPort: number, internalAlbDnsName: string, appPort: number): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    'dnf -y upgrade --security',
    'dnf -y install nginx',
    `cat > /etc/nginx/conf.d/poc.conf <<'NGINX'
server {
  listen ${webPort} default_server;
  server_tokens off;
  location = /healthz { return 200 "ok\\n"; }
  location /api/ {
    proxy_pass http://${internalAlbDnsName}:${appPort};
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  }
  location / { root /usr/share/nginx/html; }
}
NGINX`,
    "sed -i 's/listen\\s*80;/listen 127.0.0.1:8081;/; s/listen\\s*\\[::\\]:80;//' /etc/nginx/nginx.conf",
    'systemctl enable --now nginx',
  );
  return userData;
}

/** Until the sample application is installed: answers the internal ALB's health check on the app port. */
export function appTierUserData(appPort: number): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    'dnf -y upgrade --security',
    'dnf -y install nginx',
    `cat > /etc/nginx/conf.d/poc.conf <<'NGINX'
server {
  listen ${appPort} default_server;
  server_tokens off;
  location = /api/health { default_type application/json; return 200 '{"status":"ok","tier":"app"}'; }
}
NGINX`,
    "sed -i 's/listen\\s*80;/listen 127.0.0.1:8081;/; s/listen\\s*\\[::\\]:80;//' /etc/nginx/nginx.conf",
    'systemctl enable --now nginx',
  );
  return userData;
}
