/** Small building blocks shared by the pages: cards, badges, loading and error states. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import { formatNumber } from '../format.ts';

export function Card(props: { title?: ReactNode; id?: string; actions?: ReactNode; className?: string; children: ReactNode }) {
  const headingId = props.id ? `${props.id}-title` : undefined;
  return (
    <section className={`card ${props.className ?? ''}`} aria-labelledby={props.title ? headingId : undefined} id={props.id}>
      {props.title || props.actions ? (
        <div className="card-head">
          {props.title ? <h2 id={headingId}>{props.title}</h2> : null}
          {props.actions}
        </div>
      ) : null}
      {props.children}
    </section>
  );
}

export function Badge(props: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'brand'; children: ReactNode }) {
  return <span className={`badge badge-${props.tone ?? 'neutral'}`}>{props.children}</span>;
}

/** A phone number: always left to right, even inside right-to-left text. */
export function Phone(props: { number: string }) {
  return (
    <bdi dir="ltr" className="phone">
      {formatNumber(props.number)}
    </bdi>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('app.loading')}
    </div>
  );
}

/** An API refusal, inline, in the words the server chose for this language. */
export function ErrorNotice(props: { error: ApiError; onRetry?: (() => void) | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert" data-code={props.error.code}>
      <span>{props.error.detail}</span>
      {props.onRetry ? (
        <button type="button" className="button button-ghost" onClick={props.onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function SuccessNotice(props: { children: ReactNode }) {
  return (
    <div className="notice notice-success" role="status" aria-live="polite">
      {props.children}
    </div>
  );
}

export function PageTitle(props: { children: ReactNode; sub?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{props.children}</h1>
      {props.sub ? <p className="muted">{props.sub}</p> : null}
    </div>
  );
}
