import { KubeConfig } from '@kubernetes/client-node';

/**
 * How the kubernetes source reaches the API: an explicit URL when configured (a fake API server
 * in tests, or `kubectl proxy`, both without credentials); else the pod's service account when
 * running in a cluster; else KUBECONFIG (or ~/.kube/config), as kubectl would.
 */
export function loadKubeConfig(apiUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const config = new KubeConfig();
  if (apiUrl) {
    // The client refuses plain http unless TLS checks are off; for https they stay on.
    const plainHttp = new URL(apiUrl).protocol === 'http:';
    config.loadFromOptions({
      clusters: [{ name: 'configured', server: apiUrl, skipTLSVerify: plainHttp }],
      users: [{ name: 'anonymous' }],
      contexts: [{ name: 'configured', cluster: 'configured', user: 'anonymous' }],
      currentContext: 'configured',
    });
  } else if (env.KUBERNETES_SERVICE_HOST && !env.KUBECONFIG) {
    config.loadFromCluster();
  } else {
    config.loadFromDefault();
  }
  return config;
}
