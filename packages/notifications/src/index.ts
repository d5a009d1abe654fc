export type {
  DeliverNotification,
  NotificationDeliveryOutcome,
  NotificationPost,
} from './notification-delivery.ts';
export {
  isNotificationError,
  NotificationError,
  type NotificationErrorCode,
} from './notification-error.ts';
export {
  DEFAULT_NOTIFIED_EVENTS,
  describeNotificationSettings,
  NOTIFIABLE_CANARY_EVENT_TYPES,
  NOTIFIABLE_EVENT_TYPES,
  NOTIFICATION_ENV,
  type NotifiableEventType,
  type NotificationSettings,
  parseNotificationSettings,
} from './notification-settings.ts';
export {
  createNotifier,
  NOTIFIER_DEFAULTS,
  type NotificationOutcome,
  type Notifier,
  type NotifierOptions,
} from './notifier.ts';
export {
  type SlackMessage,
  type SlackMessageOptions,
  type SlackSectionBlock,
  type SlackText,
  slackMessage,
} from './slack-message.ts';
export { escapeMrkdwn } from './slack-mrkdwn.ts';
