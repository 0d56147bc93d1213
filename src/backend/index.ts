export { BackendError, createBackendClient } from './client';
export type {
  BackendClient,
  BackendClientOptions,
  BackendOperation,
  BackendSuccess,
  ChannelTaskRef,
  PausedRecord,
} from './client';
