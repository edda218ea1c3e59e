import { PROVIDERS, type Provider, type ProviderChoice } from '../../../shared/models';

/**
 * The order execution providers are tried in on each platform, best first. CPU always comes last:
 * it is what every other provider falls back to.
 */
export function platformOrder(platform: NodeJS.Platform): Provider[] {
  switch (platform) {
    case 'win32':
      return ['cuda', 'dml', 'webgpu', 'cpu'];
    case 'darwin':
      return ['coreml', 'webgpu', 'cpu'];
    case 'linux':
      return ['cuda', 'webgpu', 'cpu'];
    default:
      return ['cpu'];
  }
}

/** onnxruntime-node's backend names → the studio's providers (others, e.g. tensorrt, are not used). */
export function offeredProviders(backends: readonly { name: string }[]): Provider[] {
  const names = new Set(backends.map((b) => b.name.toLowerCase()));
  return PROVIDERS.filter((p) => names.has(p) || p === 'cpu');
}

/**
 * Which providers to try for one model: the user's choice (or the platform's order), limited to
 * what this onnxruntime build offers and, on auto, to what the model declares it runs on; CPU last.
 */
export function providerOrder(o: {
  platform: NodeJS.Platform;
  offered: readonly Provider[];
  choice: ProviderChoice;
  modelProviders: readonly Provider[];
}): Provider[] {
  const base = o.choice === 'auto' ? platformOrder(o.platform) : [o.choice];
  const order = base.filter((p) => o.offered.includes(p) && (o.choice !== 'auto' || p === 'cpu' || o.modelProviders.includes(p)));
  if (!order.includes('cpu')) order.push('cpu');
  return order;
}
