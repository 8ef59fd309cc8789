import { cpus, loadavg, totalmem, release } from 'node:os';
import type { LoadResult } from './load-process.js';
import type { ResourceUsage } from './bench-process.js';
import type { BenchOperation, FloorSubgraph } from './bench-operations.js';
import { GATEWAY_LABELS, type GatewayName } from './bench-stack.js';

export type TargetName = GatewayName | 'floor';
export const GATEWAYS: GatewayName[] = ['ours', 'apollo', 'hive'];

/** One measured run: an operation through one target in one round. */
export interface RunRecord extends LoadResult, ResourceUsage {
  round: number;
  operation: string;
  target: TargetName;
  /** The process measured for CPU and RSS: the gateway, or the subgraph for the floor. */
  process: GatewayName | FloorSubgraph;
}

/** An operation's runs through one target, over the rounds. */
export interface TargetSummary {
  requestsPerSecond: number;
  requestsPerSecondRange: [number, number];
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  /** The first failed answer's text (or why nothing came back), to tell what went wrong. */
  firstError: string | null;
  cpuCores: number;
  /** CPU time the measured process spent per answered request: on a loaded machine, steadier than req/s. */
  cpuMsPerRequest: number;
  peakRssMiB: number;
}

export interface OperationSummary {
  name: string;
  label: string;
  floor: FloorSubgraph | null;
  targets: Partial<Record<TargetName, TargetSummary>>;
  /** Our gateway's requests per second over each other target's (>1: ours is faster). */
  oursOver: Partial<Record<Exclude<TargetName, 'ours'>, number>>;
  /** Our gateway's p50 minus the floor's, in ms (single-subgraph operations). */
  oursP50OverheadMs: number | null;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 10) / 10),
  };
}

const exactMedian = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
/** Rounded to a tenth: the rounds' figures are no more precise than that. */
const median = (values: number[]) => Math.round(exactMedian(values) * 10) / 10;

function summarise(runs: RunRecord[]): TargetSummary {
  const rates = runs.map((run) => run.requestsPerSecond);
  return {
    requestsPerSecond: median(rates),
    requestsPerSecondRange: [Math.min(...rates), Math.max(...rates)],
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p95Ms: median(runs.map((run) => run.p95Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    firstError: runs.find((run) => run.firstError)?.firstError ?? null,
    cpuCores: exactMedian(runs.map((run) => run.cpuCores)),
    cpuMsPerRequest: median(runs.map((run) => (run.requests ? (run.cpuCores * 1000) / run.requestsPerSecond : 0))),
    peakRssMiB: Math.max(...runs.map((run) => run.peakRssMiB)),
  };
}

export function summariseOperations(operations: BenchOperation[], runs: RunRecord[]): OperationSummary[] {
  return operations.map((operation) => {
    const targets: Partial<Record<TargetName, TargetSummary>> = {};
    for (const target of ['floor', ...GATEWAYS] as TargetName[]) {
      const mine = runs.filter((run) => run.operation === operation.name && run.target === target);
      if (mine.length) targets[target] = summarise(mine);
    }
    const ours = targets.ours;
    const oursOver: OperationSummary['oursOver'] = {};
    for (const other of ['floor', 'apollo', 'hive'] as const) {
      const theirs = targets[other];
      if (ours && theirs?.requestsPerSecond) oursOver[other] = ours.requestsPerSecond / theirs.requestsPerSecond;
    }
    return {
      name: operation.name,
      label: operation.label,
      floor: operation.floor ?? null,
      targets,
      oursOver,
      oursP50OverheadMs: ours && targets.floor ? ours.p50Ms - targets.floor.p50Ms : null,
    };
  });
}

const rate = (summary: TargetSummary | undefined) => {
  if (!summary) return '';
  const [low, high] = summary.requestsPerSecondRange.map((value) => value.toFixed(0));
  return low === high ? low! : `${summary.requestsPerSecond.toFixed(0)} (${low}–${high})`;
};
const ratio = (value: number | undefined) => (value === undefined ? '' : `${value.toFixed(2)}×`);

/** The two Markdown tables: throughput with the ratios, then latency and resources per target. */
export function markdownTables(summaries: OperationSummary[]): string {
  const throughput = [
    '| operation | floor (subgraph alone) | our gateway | stock @apollo/gateway | Hive Gateway | ours ÷ floor | ours ÷ Apollo | ours ÷ Hive |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...summaries.map((s) => {
      const floor = s.floor ? `${rate(s.targets.floor)} (${s.floor})` : '—';
      return `| ${s.label} | ${floor} | ${rate(s.targets.ours)} | ${rate(s.targets.apollo)} | ${rate(s.targets.hive)} | ${ratio(s.oursOver.floor)} | ${ratio(s.oursOver.apollo)} | ${ratio(s.oursOver.hive)} |`;
    }),
  ];
  const detail = [
    '| operation | target | req/s | p50 ms | p95 ms | p99 ms | errors | CPU (cores) | CPU ms per request | peak RSS MiB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...summaries.flatMap((s) =>
      (['floor', ...GATEWAYS] as TargetName[]).flatMap((target) => {
        const t = s.targets[target];
        if (!t) return [];
        const name = target === 'floor' ? `${s.floor} subgraph` : GATEWAY_LABELS[target];
        return [
          `| ${s.label} | ${name} | ${t.requestsPerSecond.toFixed(0)} | ${t.p50Ms} | ${t.p95Ms} | ${t.p99Ms} | ${t.errors} | ${t.cpuCores.toFixed(2)} | ${t.cpuMsPerRequest.toFixed(1)} | ${t.peakRssMiB.toFixed(0)} |`,
        ];
      }),
    ),
  ];
  const failures = summaries.flatMap((s) =>
    (['floor', ...GATEWAYS] as TargetName[]).flatMap((target) => {
      const t = s.targets[target];
      return t?.errors ? [`- ${s.name} through ${target}: ${t.errors} errors, the first: ${t.firstError}`] : [];
    }),
  );
  const errors = failures.length ? `\nErrors (the figures above them measure failures):\n${failures.join('\n')}\n` : '';
  return `${throughput.join('\n')}\n\n${detail.join('\n')}\n${errors}`;
}
