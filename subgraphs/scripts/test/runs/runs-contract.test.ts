import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO_SCRIPT, startScriptsStack, type ScriptsTestStack } from '../support/scripts-test-stack.js';

/** Reads its input file, writes an output file, and says what it saw. */
const WELLS_SCRIPT = [
  'import json, os',
  '',
  'def main(data):',
  '    with open("in/wells.csv", encoding="utf-8") as source:',
  '        rows = source.read().splitlines()[1:]',
  '    depths = [float(row.split(",")[1]) for row in rows]',
  '    os.makedirs("out", exist_ok=True)',
  '    with open("out/summary.json", "w", encoding="utf-8") as target:',
  '        json.dump({"wells": len(depths), "deepest": max(depths)}, target)',
  '    print("read", len(depths), "wells")',
  '    return {"wells": len(depths), "unit": data.get("unit", "m")}',
  '',
].join('\n');

describe('runs.graphql through the gateway', () => {
  let stack: ScriptsTestStack;
  let editor: Awaited<ReturnType<ScriptsTestStack['createUser']>>;
  let operator: Awaited<ReturnType<ScriptsTestStack['createUser']>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startScriptsStack();
    editor = await stack.createUser(['editor'], `editor${process.pid}`);
    operator = await stack.createUser(['operator'], `operator${process.pid}`);
    const folder = await stack.operation('scripts', 'CreateFolder', {
      token: editor.accessToken,
      variables: { input: { name: 'geology' } },
    });
    ids.folder = folder.data!.createFolder.id;
    for (const [name, content] of [
      ['analysis.py', HELLO_SCRIPT],
      ['wells.py', WELLS_SCRIPT],
    ]) {
      const created = await stack.operation('scripts', 'CreateScript', {
        token: editor.accessToken,
        variables: { input: { folderId: ids.folder, name, content } },
      });
      expect(created.errors).toBeUndefined();
      ids[name] = created.data!.createScript.id;
    }
  });
  afterAll(() => stack?.stop());

  const send = (operation: string, variables: Record<string, unknown> = {}, token = operator.accessToken) =>
    stack.operation('runs', operation, { token, variables });

  it("runs the seeds' example and reads the run back (RunScript, ScriptRun, ScriptRuns)", async () => {
    const ran = await send('RunScript', { path: 'geology/analysis.py', input: { name: 'World', value: 42 } });
    expect(ran.errors).toBeUndefined();
    const run = ran.data!.runScript;
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      result: { message: 'Hello, World!', processed_value: 84 },
      exitCode: 0,
      version: 1,
      error: null,
      outputFiles: [],
      script: { id: ids['analysis.py'], logicalPath: 'geology/analysis.py' },
      startedBy: { id: operator.id, login: operator.login },
    });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(new Date(run.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(run.startedAt).getTime());

    const again = await send('ScriptRun', { id: run.id });
    expect(again.errors).toBeUndefined();
    expect(again.data!.scriptRun).toEqual(run);

    const listed = await send('ScriptRuns', { scriptId: ids['analysis.py'], first: 5 });
    expect(listed.data!.scriptRuns).toEqual([
      { id: run.id, status: 'SUCCEEDED', durationMs: run.durationMs, startedAt: run.startedAt },
    ]);
  });

  it('passes a file in and stores the file the script leaves in out/', async () => {
    const csv = 'well,depth\nW-1,1200.5\nW-2,3400\n';
    const uploaded = await send('UploadFile', {
      input: { prefix: 'geology/input', filename: 'wells.csv', contentBase64: Buffer.from(csv).toString('base64') },
    });
    expect(uploaded.errors).toBeUndefined();
    const file = uploaded.data!.uploadFile;
    expect(file).toMatchObject({ size: csv.length, contentType: 'text/csv' });
    expect(file.key).toMatch(/^geology\/input\/[^/]+\/wells\.csv$/);

    const ran = await send('RunScript', { path: 'geology/wells.py', input: { unit: 'ft' }, files: [file.key] });
    expect(ran.errors).toBeUndefined();
    const run = ran.data!.runScript;
    expect(run).toMatchObject({ status: 'SUCCEEDED', result: { wells: 2, unit: 'ft' }, stdout: 'read 2 wells\n' });
    expect(run.outputFiles).toEqual([
      { key: `runs/${run.id}/out/summary.json`, size: expect.any(Number), contentType: 'application/json' },
    ]);

    const output = await send('File', { key: run.outputFiles[0].key });
    expect(output.errors).toBeUndefined();
    const summary = { wells: 2, deepest: 3400.0 };
    expect(JSON.parse(Buffer.from(output.data!.file.contentBase64, 'base64').toString())).toEqual(summary);
    // The link points at the gateway, which relays it to the scripts service: a plain GET.
    const link = output.data!.file.downloadUrl as string;
    expect(link.startsWith(new URL(stack.gatewayUrl).origin)).toBe(true);
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('application/json');
    expect(await download.json()).toEqual(summary);

    const listed = await send('Files', { prefix: `runs/${run.id}/` });
    expect(listed.data!.files).toEqual([run.outputFiles[0]]);
  });

  // Inline (base64) uploads stop at MAX_INLINE_FILE_SIZE, 1 MiB by default; larger ones stream.
  it('stores a file of the largest inline size byte for byte', async () => {
    const content = Buffer.alloc(1024 * 1024, 'etl-');
    content[content.length - 1] = 0xff;
    const uploaded = await send('UploadFile', {
      input: { filename: 'big.bin', contentBase64: content.toString('base64') },
    });
    expect(uploaded.errors).toBeUndefined();
    expect(uploaded.data!.uploadFile).toMatchObject({ size: content.length, contentType: 'application/octet-stream' });
    const read = await send('File', { key: uploaded.data!.uploadFile.key });
    expect(Buffer.from(read.data!.file.contentBase64, 'base64').equals(content)).toBe(true);
  });

  it('deletes a file (DeleteFile); a second delete is NOT_FOUND', async () => {
    const uploaded = await send('UploadFile', {
      input: { filename: 'notes.txt', contentBase64: Buffer.from('x').toString('base64') },
    });
    const key = uploaded.data!.uploadFile.key as string;
    expect(key).toMatch(/^uploads\/[^/]+\/notes\.txt$/);
    expect((await send('DeleteFile', { key })).data).toEqual({ deleteFile: true });
    const second = await send('DeleteFile', { key });
    expect(second.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await send('File', { key })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
