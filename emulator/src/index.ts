export {
  Emulator,
  startEmulator,
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  type EmulatorOptions,
} from './emulator';
export type {
  SeedResult,
  CustomerStartInput,
  CustomerStartResult,
  CustomerSendResult,
  TokenInput,
  TokenValidation,
  ChannelType,
} from './platform';
export type { Snapshot } from './snapshot';
export type { FaultInput, Fault } from './faults';
export type { Delivery } from './webhooks';
export type { CustomRoutingEntry, StudioExecution, Violation, RequestLogEntry } from './state/world';
export { twilioSignature } from './webhooks';
export { evaluateExpression, validateExpression, ExpressionError } from './routing/expression';
export { SpecValidator, resolveSpecDir } from './spec/validator';
