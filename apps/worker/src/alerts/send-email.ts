import nodemailer, { type Transporter } from 'nodemailer'
import { DeliveryError } from './send-webhook'

export interface SmtpSettings {
  /** TOKENLEDGER_SMTP_URL, e.g. smtp://user:pass@host:587 (smtps:// for TLS from the start). */
  url: string | undefined
  /** TOKENLEDGER_SMTP_FROM (default tokenledger@localhost). */
  from: string | undefined
}

export function smtpSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings {
  return { url: env.TOKENLEDGER_SMTP_URL || undefined, from: env.TOKENLEDGER_SMTP_FROM || undefined }
}

/** Sends alert emails over one pooled SMTP transport, created on first use. */
export function createEmailSender(settings: SmtpSettings) {
  let transport: Transporter | null = null
  return {
    async send(message: { to: string; subject: string; text: string }): Promise<number> {
      if (!settings.url)
        throw new DeliveryError('TOKENLEDGER_SMTP_URL is not set: email alerts cannot be sent', null)
      transport ??= nodemailer.createTransport(settings.url)
      try {
        const info = await transport.sendMail({ from: settings.from ?? 'tokenledger@localhost', ...message })
        // The server's reply, e.g. "250 2.0.0 OK": its code goes to the delivery log.
        return Number.parseInt(String(info.response), 10) || 250
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode ?? null
        throw new DeliveryError(`email not accepted: ${(error as Error).message}`, code)
      }
    },
    close() {
      transport?.close()
      transport = null
    },
  }
}
