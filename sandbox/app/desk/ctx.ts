import type { Strings } from '../../../src/strings';
import type { DeskView } from '../../server/live';
import type { SandboxConfig } from '../api';
import type { DeskStrings } from '../strings';

/** What every piece of the desk is handed by the desk: the pushed state, the agent played and their words. */
export interface Ctx {
  view: DeskView;
  config: SandboxConfig;
  me: string;
  d: DeskStrings;
  s: Strings;
  locale: string;
  /** The Functions can't be reached: Leave, Pause and Resume are disabled with this reason. */
  unavailableReason?: string;
}
