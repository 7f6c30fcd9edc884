/**
 * Every action the audit log records. Each has a label in /admin's three languages (the texts are held to this list),
 * and test/unit/audit-actions.test.ts holds this list to the actions the source writes.
 */
export const auditActions = [
  'login',
  'login.failed',
  'login.refused',
  'user.create',
  'user.grant',
  'user.link',
  'user.password',
  'token.create',
  'token.revoke',
  'sso.grant',
  'sso.revoke',
  'site.create',
  'site.update',
  'webhook.add',
  'webhook.remove',
  'notifications.unsubscribe',
  'feedback.export',
  'feedback.import',
  'feedback.status',
  'feedback.themes',
  'feedback.delete',
  'theme.create',
  'theme.update',
  'theme.delete',
  'change.create',
  'change.delete',
  'retention.purge',
  'comments.rescrub',
] as const;

export type AuditAction = (typeof auditActions)[number];
