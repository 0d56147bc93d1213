export { BackendError, createBackendClient } from './client';
export type {
  BackendClient,
  BackendClientOptions,
  BackendOperation,
  BackendSuccess,
  ChannelTaskRef,
  PausedRecord,
} from './client';
export { createReachability, PROBE_EVERY_MS } from './reachability';
export type { Reachability, ReachabilityOptions } from './reachability';
