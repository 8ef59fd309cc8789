import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postGraphQL } from '@etl/testkit';
import { expect } from 'vitest';
import { printed, pythonClient } from './python-client.js';

const ANALYSIS = `import csv
import json
import os


def main(data):
    with open("in/wells.csv", newline="") as source:
        depths = [float(row["depth"]) for row in csv.DictReader(source)]
    summary = {"wells": len(depths), "maxDepth": max(depths), "unit": data["unit"]}
    os.makedirs("out", exist_ok=True)
    with open("out/summary.json", "w") as target:
        json.dump(summary, target)
    print(f"summarised {len(depths)} wells")
    return summary
`;
const FAILING = 'def main(data):\n    raise ValueError("bad depth")\n';
const WELLS = 'well,depth\nW-1,120.5\nW-2,1250.5\nW-3,87\n';
const SUMMARY = { wells: 3, maxDepth: 1250.5, unit: 'm' };
/** What the script's json.dump writes. */
const SUMMARY_FILE = '{"wells": 3, "maxDepth": 1250.5, "unit": "m"}';

/** A new user with one built-in role, made by the admin as docs/api.md tells an operator to. */
async function userWithRole(gatewayUrl: string, adminToken: string, login: string, role: string): Promise<void> {
  const registered = await postGraphQL(
    gatewayUrl,
    'mutation($l: String!, $p: String!) { register(input: { login: $l, password: $p }) { user { id } } }',
    { variables: { l: login, p: `${login}-password` } },
  );
  expect(registered.errors, registered.text).toBeUndefined();
  const assigned = await postGraphQL(
    gatewayUrl,
    'mutation($u: ID!, $r: String!) { assignRole(userId: $u, role: $r) { id } }',
    {
      variables: { u: registered.data!.register.user.id, r: role },
      token: adminToken,
    },
  );
  expect(assigned.errors, assigned.text).toBeUndefined();
}

/**
 * Runs and files through the standard-library client, as the simulation software uses them: an
 * editor (alice, made earlier) stores and releases an analysis script; an operator uploads a CSV,
 * runs the script on it, gets the result and downloads the file the script wrote through its
 * signed link, reads the run back; a script that raises exits the client non-zero with the reason.
 */
export async function checkRunsAndFiles(gatewayUrl: string, adminToken: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'etl-runs-'));
  try {
    writeFileSync(join(work, 'analysis.py'), ANALYSIS);
    writeFileSync(join(work, 'failing.py'), FAILING);
    writeFileSync(join(work, 'wells.csv'), WELLS);
    const editor = pythonClient(gatewayUrl, 'alice', 'alice-password', work);
    // geology/analysis.py has versions 1 and 2 already (2 released): this is version 3, released.
    expect(printed(await editor('upload', 'analysis.py', 'geology/analysis.py', '--release'))).toMatchObject({
      logicalPath: 'geology/analysis.py',
      version: 3,
      releasedVersion: 3,
    });
    printed(await editor('upload', 'failing.py', 'geology/failing.py'));

    await userWithRole(gatewayUrl, adminToken, 'olga', 'operator');
    const operator = pythonClient(gatewayUrl, 'olga', 'olga-password', work);
    const stored = printed(await operator('put', 'wells.csv', '--prefix', 'geology/input'));
    expect(stored).toMatchObject({ size: WELLS.length, contentType: 'text/csv' });
    expect(stored.key).toMatch(/^geology\/input\/[^/]+\/wells\.csv$/);

    const downloads = join(work, 'results');
    const ran = printed(
      await operator(
        'run',
        'geology/analysis.py',
        '--input',
        '{"unit":"m"}',
        '--file',
        stored.key,
        '--download',
        downloads,
      ),
    );
    const summaryKey = `runs/${ran.id}/out/summary.json`;
    const summaryBytes = SUMMARY_FILE.length;
    expect(ran).toMatchObject({
      logicalPath: 'geology/analysis.py',
      version: 3,
      status: 'SUCCEEDED',
      result: SUMMARY,
      error: null,
      exitCode: 0,
      inputFiles: [stored.key],
      stdout: 'summarised 3 wells\n',
      stderr: '',
      outputFiles: [{ key: summaryKey, size: summaryBytes, contentType: 'application/json' }],
      downloads: [{ key: summaryKey, path: join(downloads, 'summary.json'), size: summaryBytes }],
    });
    expect(ran.durationMs).toBeGreaterThanOrEqual(0);
    // The file the script wrote, byte for byte, fetched through its link on the gateway's /files/.
    expect(readFileSync(join(downloads, 'summary.json'), 'utf8')).toBe(SUMMARY_FILE);

    const again = printed(await operator('get-run', ran.id));
    expect(again).toEqual({ ...ran, downloads: undefined });
    const runs = printed(await operator('runs', 'geology/analysis.py', '--first', '5'));
    expect(runs).toEqual([expect.objectContaining({ id: ran.id, status: 'SUCCEEDED', startedBy: { login: 'olga' } })]);

    const failed = await operator('run', 'geology/failing.py');
    expect(failed.code, failed.stderr).toBe(3);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      status: 'FAILED',
      result: null,
      error: { code: 'SCRIPT_ERROR', message: 'ValueError: bad depth' },
      outputFiles: [],
    });
    expect(JSON.parse(failed.stdout).stderr).toContain('raise ValueError("bad depth")');
    expect(failed.stderr).toMatch(/^run [0-9a-f-]{36} FAILED: SCRIPT_ERROR: ValueError: bad depth$/m);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
