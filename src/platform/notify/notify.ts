import { asc, eq, sql } from 'drizzle-orm';
import { NotifyClient } from 'notifications-node-client';
import type { Db } from '../db/database.ts';
import { retryDelayMs } from '../jobs/jobs.ts';
import { notifications } from './notify.tables.ts';

export type Recipient = {
  name: string;
  email?: string | null;
  phone?: string | null;
  postalAddress?: string | null;
};

export type NewNotification = {
  caseId?: string | null;
  to: Recipient;
  /** Our name for the message, e.g. HEARING_LISTED. */
  template: string;
  subject: string;
  body: string;
  source?: string;
  sourceId?: string;
};

/** Sends one message through a provider; throws when it cannot (the outbox retries). */
export type Sender = {
  readonly configured: boolean;
  send(n: {
    channel: 'email' | 'sms';
    to: string;
    subject: string;
    body: string;
    reference: string;
  }): Promise<{ providerId: string }>;
};

export const MAX_ATTEMPTS = 12;

/** The channel a recipient is reached by: email, then text message, then post. */
export function channelFor(to: Recipient): 'email' | 'sms' | 'letter' {
  if (to.email) return 'email';
  if (to.phone) return 'sms';
  return 'letter';
}

/**
 * Puts a message in the outbox inside the caller's transaction: it exists exactly when the change it
 * describes commits, and is never lost. Without a configured provider (or for a letter) it is kept for
 * the office to send, and shown as such.
 */
export async function queueNotification(
  tx: Db,
  n: NewNotification,
  now: Date,
  sender: Pick<Sender, 'configured'>,
) {
  const channel = channelFor(n.to);
  const [row] = await tx
    .insert(notifications)
    .values({
      caseId: n.caseId ?? null,
      recipientName: n.to.name,
      email: n.to.email ?? null,
      phone: n.to.phone ?? null,
      postalAddress: n.to.postalAddress ?? null,
      channel,
      template: n.template,
      subject: n.subject,
      body: n.body,
      source: n.source ?? null,
      sourceId: n.sourceId ?? null,
      status: sender.configured && channel !== 'letter' ? 'queued' : 'kept',
      createdAt: now,
      nextAttemptAt: now,
    })
    .returning();
  return row!;
}

/** Sends what is due, oldest first, several workers never taking the same message; returns how many were tried. */
export async function deliverDueNotifications(
  db: Db,
  sender: Sender,
  now: Date,
  limit = 100,
): Promise<number> {
  if (!sender.configured) return 0;
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(notifications)
      .where(sql`${notifications.status} = 'queued' and ${notifications.nextAttemptAt} <= ${now}`)
      .orderBy(asc(notifications.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const results = await Promise.allSettled(
      due.map((n) =>
        sender.send({
          channel: n.channel as 'email' | 'sms',
          to: (n.channel === 'email' ? n.email : n.phone) ?? '',
          subject: n.subject,
          body: n.body,
          reference: n.id,
        }),
      ),
    );
    for (const [i, result] of results.entries()) {
      const n = due[i]!;
      if (result.status === 'fulfilled') {
        await tx
          .update(notifications)
          .set({
            status: 'sent',
            sentAt: now,
            providerId: result.value.providerId,
            attempts: n.attempts + 1,
            lastError: null,
          })
          .where(eq(notifications.id, n.id));
      } else {
        const attempts = n.attempts + 1;
        await tx
          .update(notifications)
          .set({
            attempts,
            status: attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
            lastError: describeError(result.reason),
            nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
          })
          .where(eq(notifications.id, n.id));
      }
    }
    return due.length;
  });
}

function describeError(error: unknown): string {
  const e = error as {
    response?: { status?: number; data?: { errors?: { message?: string }[] } };
    message?: string;
  };
  const detail = e.response?.data?.errors?.map((x) => x.message).join('; ');
  return (
    e.response?.status
      ? `Notify answered ${e.response.status}${detail ? `: ${detail}` : ''}`
      : (e.message ?? String(error))
  ).slice(0, 1000);
}

/** GOV.UK Notify through its official client, with one generic template whose fields are ((subject)) and ((body)). */
export function createNotifySender(config: {
  apiKey?: string;
  baseUrl?: string;
  emailTemplateId?: string;
  smsTemplateId?: string;
}): Sender {
  if (!config.apiKey || !config.emailTemplateId)
    return {
      configured: false,
      send: async () => Promise.reject(new Error('GOV.UK Notify is not configured')),
    };
  const client = config.baseUrl
    ? new NotifyClient(config.baseUrl, config.apiKey)
    : new NotifyClient(config.apiKey);
  return {
    configured: true,
    async send(n) {
      const options = { personalisation: { subject: n.subject, body: n.body }, reference: n.reference };
      const response =
        n.channel === 'email'
          ? await client.sendEmail(config.emailTemplateId!, n.to, options)
          : await client.sendSms(config.smsTemplateId ?? config.emailTemplateId!, n.to, options);
      return { providerId: String((response.data as { id: string }).id) };
    },
  };
}

/** The notifications about one case, newest first. */
export function listCaseNotifications(db: Db, caseId: string) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.caseId, caseId))
    .orderBy(sql`${notifications.createdAt} desc`);
}
