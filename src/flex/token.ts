import type { FlexManager } from './types';

/**
 * Reads the agent's current Flex token at call time. The store copy is the one Flex refreshes in place;
 * manager.user.token is the fallback for older shapes of the state.
 */
export function createTokenGetter(manager: Pick<FlexManager, 'store' | 'user'>): () => string {
  return () => {
    const fromStore = manager.store?.getState()?.flex?.session?.ssoTokenPayload?.token;
    if (typeof fromStore === 'string' && fromStore !== '') return fromStore;
    return manager.user?.token ?? '';
  };
}
