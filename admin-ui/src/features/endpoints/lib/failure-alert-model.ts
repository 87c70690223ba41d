import type { FailureAlertSettings } from '@contract';

/**
 * The Failure alerts section of the endpoint form: a signed webhook and/or an email per failed,
 * timed-out or interrupted run, capped per hour (past the cap the server sends a digest).
 * Alerts are off while both the webhook URL and the email are blank.
 */
export interface FailureAlertFormValues {
  alertWebhookUrl: string;
  alertEmail: string;
  /** Text until submitted; only checked while alerts are on. */
  alertMaxPerHour: string;
}

type AlertField = keyof FailureAlertFormValues;
type Translate = (key: string, params?: Record<string, unknown>) => string;

export const DEFAULT_ALERTS_PER_HOUR = 10;
const MAX_ALERTS_PER_HOUR = 1000;
/** One address, as the server's mailer takes it (no display name, no list). */
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

export function failureAlertValuesFrom(settings: FailureAlertSettings | null): FailureAlertFormValues {
  return {
    alertWebhookUrl: settings?.webhookUrl ?? '',
    alertEmail: settings?.email ?? '',
    alertMaxPerHour: String(settings?.maxPerHour ?? DEFAULT_ALERTS_PER_HOUR),
  };
}

/** Null (off) while neither a webhook nor an email is given. */
export function failureAlertInput(values: FailureAlertFormValues): FailureAlertSettings | null {
  const webhookUrl = values.alertWebhookUrl.trim() || null;
  const email = values.alertEmail.trim() || null;
  if (!webhookUrl && !email) return null;
  return { webhookUrl, email, maxPerHour: Number(values.alertMaxPerHour.trim()) };
}

export function validateFailureAlert(
  values: FailureAlertFormValues,
  t: Translate,
  isHttpUrl: (value: string) => boolean,
): Partial<Record<AlertField, string>> {
  const errors: Partial<Record<AlertField, string>> = {};
  const webhookUrl = values.alertWebhookUrl.trim();
  const email = values.alertEmail.trim();
  if (webhookUrl && !isHttpUrl(webhookUrl)) errors.alertWebhookUrl = t('endpointForm.errors.url');
  if (email && !EMAIL.test(email)) errors.alertEmail = t('endpointForm.errors.email');
  const text = values.alertMaxPerHour.trim();
  const perHour = Number(text);
  if ((webhookUrl || email) && (!/^\d+$/.test(text) || perHour < 1 || perHour > MAX_ALERTS_PER_HOUR)) {
    errors.alertMaxPerHour = t('endpointForm.errors.perHour', { max: MAX_ALERTS_PER_HOUR });
  }
  return errors;
}

/** The server's `failureAlert.*` field paths, longest first, onto the form's fields. */
export const FAILURE_ALERT_PATHS: Array<[prefix: string, field: AlertField]> = [
  ['failureAlert.webhookUrl', 'alertWebhookUrl'],
  ['failureAlert.email', 'alertEmail'],
  ['failureAlert.maxPerHour', 'alertMaxPerHour'],
  ['failureAlert', 'alertWebhookUrl'],
];

export const FAILURE_ALERT_FIELD_ORDER: readonly AlertField[] = ['alertWebhookUrl', 'alertEmail', 'alertMaxPerHour'];
