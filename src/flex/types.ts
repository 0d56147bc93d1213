/**
 * The slices of Flex the adapters use, as structural types. Only types are imported from
 * '@twilio/flex-ui', so the adapters can be exercised in tests with small fakes.
 */
import type * as Flex from '@twilio/flex-ui';

export type FlexGlobal = typeof Flex;
export type FlexManager = Flex.Manager;

export type FlexActionsApi = Pick<FlexGlobal['Actions'], 'registerAction' | 'invokeAction'>;
export type FlexNotificationsApi = Pick<
  FlexGlobal['Notifications'],
  'registerNotification' | 'showNotification' | 'registeredNotifications'
>;
