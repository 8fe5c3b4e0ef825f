import { CheckResult, CheckStatus } from './result';

const STATUS_LABELS: Readonly<Record<CheckStatus, string>> = { ok: 'ok', warning: 'WARNING', blocker: 'BLOCKER' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** The results as one Markdown table: check, region, result, fix. */
export function renderTable(results: readonly CheckResult[]): string {
  const rows = results.map(
    (result) =>
      `| ${cell(result.check)} | ${cell(result.region)} | ${STATUS_LABELS[result.status]}: ${cell(result.result)} | ${cell(result.fix)} |`,
  );
  return ['| check | region | result | fix |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The closing line: whether `cdk deploy` may go ahead. */
export function renderSummary(results: readonly CheckResult[], deployCommand: string): string {
  const blockers = results.filter((result) => result.status === 'blocker').length;
  const warnings = results.filter((result) => result.status === 'warning').length;
  if (blockers > 0) {
    return `Result: ${plural(blockers, 'blocker')}, ${plural(warnings, 'warning')}: fix the blockers, then run pre-flight again.\n`;
  }
  return `Result: no blocker, ${plural(warnings, 'warning')}: ${deployCommand} can go ahead.\n`;
}
