import { BENCH_POD, BENCH_SCRIPT_PATH } from './bench-data.js';

/** The subgraph an operation stays in, when it stays in one: its floor is that subgraph alone. */
export type FloorSubgraph = 'users' | 'scripts' | 'logs';

export interface BenchOperation {
  name: string;
  /** What the table calls it. */
  label: string;
  query: string;
  variables?: Record<string, unknown>;
  floor?: FloorSubgraph;
  /** Fewer connections where one request already keeps the machine busy. */
  connections?: number;
}

/** The operations, as a signed-in administrator sends them. */
export function benchOperations(bigFolderId: string): BenchOperation[] {
  return [
    {
      name: 'me',
      label: '`me` with roles and permissions',
      query: 'query Me { me { id login roles { name permissions } permissions } }',
      floor: 'users',
    },
    {
      name: 'tree',
      label: '`tree` with every owner',
      query:
        'query TreeWithOwners { tree { folders { id name path owner { login } } scripts { id name logicalPath owner { login } } } }',
      connections: 4,
    },
    {
      name: 'folder',
      label: 'a folder with 200 scripts and owners',
      query:
        'query FolderScripts($id: ID!) { folder(id: $id) { id name scripts { id name version owner { login displayName } } } }',
      variables: { id: bigFolderId },
    },
    {
      name: 'users',
      label: '`users(first: 50) { scripts }`',
      query: 'query UsersWithScripts { users(first: 50) { edges { node { id login scripts { id name } } } } }',
    },
    {
      name: 'scriptByPath',
      label: '`scriptByPath` with content',
      query:
        'query ScriptContent($path: String!) { scriptByPath(path: $path) { id logicalPath version released content } }',
      variables: { path: BENCH_SCRIPT_PATH },
      floor: 'scripts',
    },
    {
      name: 'podLogs',
      label: '`podLogs(tailLines: 200)`',
      query:
        'query PodLogTail($namespace: String!, $pod: String!) { podLogs(namespace: $namespace, pod: $pod, tailLines: 200) { truncated lines { timestamp stream message } } }',
      variables: { namespace: BENCH_POD.namespace, pod: BENCH_POD.pod },
      floor: 'logs',
    },
    {
      name: 'runScript',
      label: 'a trivial `runScript`',
      query: 'mutation RunTrivial($path: String!) { runScript(path: $path, input: {}) { id status result } }',
      variables: { path: BENCH_SCRIPT_PATH },
      floor: 'scripts',
    },
  ];
}
