import S3rver from 's3rver';

/**
 * An s3rver with the bench's bucket on a free port, in a process of its own so that its memory
 * is not counted as the scripts service's; prints its endpoint, then serves until SIGTERM.
 */
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: process.argv[2]!,
  configureBuckets: [{ name: 'etl-bench' }],
});
const { port } = await server.run();
console.log(`http://127.0.0.1:${port}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
