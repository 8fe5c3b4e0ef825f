import { byName, nameOf } from './assembly-model';
import { DiagramModel, shortPath, nodeId, plural, ProcessDiagram, ProcessEdge, ProcessNode, stackRegion } from './process-graph';

export const RECOVERY_DIAGRAM_FILE = 'recovery.svg';

/**
 * Data replication and recovery, as the templates set them: each database's standby (Multi-AZ)
 * and automated backups, the AWS Backup plans that select it, the vaults their rules store
 * recovery points in, the copy actions to other vaults (the DR copy), the buckets that replicate,
 * and the restores an operator runs from each (dashed). Nothing the templates do not hold.
 */
export function recoveryDiagram(model: DiagramModel): ProcessDiagram {
  const nodes: ProcessNode[] = [];
  const edges: ProcessEdge[] = [];
  const add = (node: ProcessNode) => {
    if (!nodes.some((existing) => existing.id === node.id)) nodes.push(node);
  };
  const restoreNode = (region: string) => {
    const id = nodeId('restore', region);
    add({ id, lines: ['Restored DB instance', region], kind: 'restore' });
    return id;
  };

  for (const database of byName(model.poc.databases)) {
    const id = nodeId('db', database.source.key);
    const engine = database.engine.known ? database.engine.value : 'RDS';
    const region = stackRegion(model, database.source.stack);
    add({
      id,
      lines: [`RDS primary (${engine})`, database.identifier ?? shortPath(nameOf(database.source)), region],
      kind: 'store',
    });
    if (database.multiAz) {
      const standby = `${id}_standby`;
      add({ id: standby, lines: ['Standby (Multi-AZ)', 'another AZ, no reads', 'promoted on failover'], kind: 'store' });
      edges.push({ from: id, to: standby, label: 'synchronous replication', style: 'data' });
    }
    const retention = database.backupRetentionDays.known ? database.backupRetentionDays.value : undefined;
    if (retention !== 0) {
      const automated = `${id}_automated`;
      add({
        id: automated,
        lines: ['RDS automated backups', retention === undefined ? 'retention unresolved' : `kept ${plural(retention, 'day')}`],
        kind: 'store',
      });
      edges.push({ from: id, to: automated, label: 'snapshots, transaction logs', style: 'data' });
      edges.push({ from: automated, to: restoreNode(region), label: 'point-in-time restore', style: 'recovery' });
    }
  }

  const vaults = model.poc.backupVaults;
  const vaultNode = (key: string) => {
    const vault = vaults.find((candidate) => candidate.source.key === key);
    const id = nodeId('vault', key);
    const region = vault ? stackRegion(model, vault.source.stack) : 'outside the templates';
    add({ id, lines: ['AWS Backup vault', vault?.name ?? shortPath(model.poc.nameOf(key)), region], kind: 'store' });
    return { id, region };
  };
  for (const plan of byName(model.poc.backupPlans)) {
    const planId = nodeId('plan', plan.source.key);
    const schedules = [...new Set(plan.rules.flatMap((rule) => (rule.schedule ? [rule.schedule] : [])))];
    add({ id: planId, lines: ['AWS Backup plan', plan.name ?? shortPath(nameOf(plan.source)), ...schedules], kind: 'process' });
    for (const key of plan.selected) {
      if (nodes.some((node) => node.id === nodeId('db', key))) {
        edges.push({ from: nodeId('db', key), to: planId, label: 'selected', style: 'data' });
      }
    }
    for (const rule of plan.rules) {
      if (!rule.targetVault) continue;
      const primary = vaultNode(rule.targetVault);
      const kept = rule.deleteAfterDays === undefined ? 'kept until deleted' : `kept ${plural(rule.deleteAfterDays, 'day')}`;
      edges.push({ from: planId, to: primary.id, label: `recovery points, ${kept}`, style: 'data' });
      edges.push({ from: primary.id, to: restoreNode(primary.region), label: 'restore', style: 'recovery' });
      for (const copy of rule.copies) {
        const target = vaults.find((vault) => vault.name !== undefined && vault.name === copy.vaultName);
        const copyVault = target
          ? vaultNode(target.source.key)
          : (() => {
              const id = nodeId('vault', `${copy.region ?? ''}_${copy.vaultName ?? ''}`);
              const region = copy.region ?? 'region unresolved';
              add({ id, lines: ['AWS Backup vault', copy.vaultName ?? 'name unresolved', region], kind: 'store' });
              return { id, region };
            })();
        const copyKept =
          copy.deleteAfterDays === undefined ? 'kept until deleted' : `kept ${plural(copy.deleteAfterDays, 'day')}`;
        edges.push({ from: primary.id, to: copyVault.id, label: `copy to ${copyVault.region}, ${copyKept}`, style: 'data' });
        edges.push({ from: copyVault.id, to: restoreNode(copyVault.region), label: 'restore', style: 'recovery' });
      }
    }
  }

  for (const bucket of byName(model.poc.buckets).filter((candidate) => candidate.replicated)) {
    const id = nodeId('bucket', bucket.source.key);
    add({ id, lines: ['S3 bucket', shortPath(nameOf(bucket.source))], kind: 'store' });
    add({ id: `${id}_replica`, lines: ['Replica bucket', 'per its replication rules'], kind: 'store' });
    edges.push({ from: id, to: `${id}_replica`, label: 'replication', style: 'data' });
  }

  return { id: 'recovery-diagram', title: `${model.config.customer.name} POC: data replication and recovery`, nodes, edges };
}
