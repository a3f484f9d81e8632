/**
 * `rampart check` for people: the verdict, the two endpoints, then one table row per stage in packet order.
 * No colour when piped or with NO_COLOR (picocolors decides); cli-table3 colours its borders and head unless told
 * not to (stack.md), hence the style switch.
 */
import Table from 'cli-table3';
import pc from 'picocolors';
import { endpointText, flowAddresses, flowText, type CheckReport } from './check-report.ts';
import { explainStage } from './stage-explanation.ts';

export function checkReportTable(report: CheckReport): string {
  const { decision, snapshot, flow } = report;
  const addresses = flowAddresses(flow);
  const stages = decision.stages.map((s) => explainStage(s, snapshot));
  const denied = stages.find((s) => !s.stage.allowed);
  const verdict = decision.allowed ? pc.bold(pc.green('ALLOWED')) : pc.bold(pc.red(`DENIED at ${denied?.label ?? decision.deniedBy ?? 'unknown stage'}`));

  const table = new Table({
    head: ['#', 'Stage', 'At', 'Result', 'Why'],
    colWidths: [null, null, 29, null, 58],
    // Fits 120 columns: long ids wrap at their spaces ("eni-… (i-… web-1)", "acl-… on subnet-…").
    wordWrap: true,
    style: pc.isColorSupported ? {} : { head: [], border: [] },
  });
  stages.forEach((s, i) => {
    table.push([String(i + 1), s.label, s.at, s.stage.allowed ? pc.green('allow') : pc.red('deny'), s.why]);
  });

  return [
    `${verdict}  ${flowText(flow)}`,
    `  from ${endpointText(addresses.from, decision.source, snapshot)}`,
    `  to   ${endpointText(addresses.to, decision.destination, snapshot)}`,
    table.toString(),
  ].join('\n');
}
