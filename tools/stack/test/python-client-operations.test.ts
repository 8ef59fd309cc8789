import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { apiSchema, operationErrors } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { pythonClientPath } from './support/python-client.js';

/**
 * Imports the client and finds every `execute(...)` call with Python's own parser: the client
 * sends only module-level constants, so each is read as the exact text it sends, and any call
 * with something else (an inline string, a local variable) is listed by its line.
 */
const EXTRACT = `
import ast, importlib.util, json, sys
path = sys.argv[1]
source = open(path, encoding="utf-8").read()
spec = importlib.util.spec_from_file_location("etl_client", path)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
operations, others = {}, []
for node in ast.walk(ast.parse(source)):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "execute":
        sent = node.args[0] if node.args else None
        if isinstance(sent, ast.Name) and isinstance(getattr(module, sent.id, None), str):
            operations[sent.id] = getattr(module, sent.id)
        else:
            others.append(f"line {node.lineno}: {ast.get_source_segment(source, sent) if sent else 'no query'}")
print(json.dumps({"operations": operations, "others": others}))
`;

const { stdout } = await promisify(execFile)('python3', ['-c', EXTRACT, pythonClientPath]);
const sent = JSON.parse(stdout) as { operations: Record<string, string>; others: string[] };

describe('the operations the Python client sends (examples/etl_client.py)', () => {
  it('are module-level constants, one per call', () => {
    expect(sent.others, 'send a module-level constant').toEqual([]);
    expect(Object.keys(sent.operations).sort()).toEqual(
      [
        ...['LOGIN', 'REFRESH', 'ME', 'TREE', 'FOLDER_PATHS', 'CREATE_FOLDER', 'CREATE_SCRIPT', 'RELEASE_SCRIPT'],
        ...['SCRIPT_ID', 'POD_LOGS', 'CREATE_UPLOAD', 'COMPLETE_UPLOAD', 'ABORT_UPLOAD', 'RUN_SCRIPT', 'SCRIPT_RUN'],
        ...['SCRIPT_RUNS', 'FILES', 'FILE', 'DELETE_FILE', 'CANCEL_SCRIPT_RUN', 'START_SCRIPT_RUN'],
      ].sort(),
    );
  });

  const api = apiSchema();
  it.each(Object.entries(sent.operations))('%s validates against schema/api.graphql', (name, text) => {
    expect(operationErrors(text, api).map((error) => `${name} ${error}`)).toEqual([]);
  });
});
