/**
 * Parts of the sign-in screens (register, login, reset): labelled fields whose error sits next to
 * them (`aria-describedby`), the password rules the server enforces, the demo hint saying where the
 * SMS code is, the number-then-code form, and landing after a new session.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { api, ApiError, useApi } from '../api/client.ts';
import type { AuthRules, SessionView } from '../api/types.ts';
import { useOperator } from '../operator.tsx';
import { homeOf, useSession } from '../session.tsx';
import { ErrorNotice, Phone } from './ui.tsx';

export type FieldName = 'number' | 'code' | 'password';

/** Which field an API refusal is about; the rest are shown above the submit button. */
const FIELD_OF: Record<string, FieldName> = {
  invalid_number: 'number',
  line_not_found: 'number',
  too_many_codes: 'number',
  code_invalid: 'code',
  weak_secret: 'password',
  invalid_credentials: 'password',
  login_locked: 'password',
};

/** The refusal of the last submit, placed at its field when the form has that field. */
export function useFormError(fields: readonly FieldName[]) {
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const field = error ? FIELD_OF[error.code] : undefined;
  const at = field !== undefined && fields.includes(field) ? field : undefined;
  return {
    set: (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e))),
    clear: () => setError(undefined),
    /** The text to show under `name`, if the refusal is about it. */
    of: (name: FieldName) => (error && at === name ? error.detail : undefined),
    /** A refusal about no field of this form. */
    general: error && at === undefined ? error : undefined,
  };
}

type FieldProps = { label: string; hint?: ReactNode; error?: string | undefined } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>;

/** A labelled input with its hint and its error announced and linked; takes focus when its error appears. */
export function Field({ label, hint, error, ...input }: FieldProps) {
  const id = useId();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
      <input
        {...input}
        id={id}
        ref={ref}
        aria-invalid={error ? true : undefined}
        aria-describedby={described === '' ? undefined : described}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The password rules, as the server states them, shown before the user submits. */
export function PasswordRules() {
  const { t } = useTranslation();
  const rules = useApi<AuthRules>('/auth/rules').data;
  if (!rules) return null;
  return (
    <>
      <span>{t('auth.rulesTitle')}</span>
      <ul className="field-rules" data-testid="password-rules">
        <li>{t('auth.ruleLength', { min: rules.passwordMinLength, max: rules.passwordMaxLength })}</li>
        <li>{t('auth.ruleDistinct', { n: rules.passwordMinDistinct })}</li>
        <li>{t('auth.ruleNotNumber')}</li>
      </ul>
    </>
  );
}

/** Demo mode only: no SMS leaves the server; the code is on the handset simulator and in the server log. */
export function DemoCodeHint(props: { number?: string | undefined }) {
  const operator = useOperator();
  if (operator?.mode !== 'demo') return null;
  const href = props.number ? `/dev/phone?number=${encodeURIComponent(props.number)}` : '/dev/phone';
  return (
    <p className="notice notice-info" data-testid="demo-code-hint">
      <span>
        <Trans i18nKey="auth.demoCode" components={{ phone: <a href={href} target="_blank" rel="noopener" /> }} />
      </span>
    </p>
  );
}

/** Where to go after signing in: the page that sent the user here (same site only), else their own line. */
export function useLanding(): (session: SessionView) => void {
  const { signedIn } = useSession();
  const [, navigate] = useLocation();
  const next = new URLSearchParams(useSearch()).get('next');
  return (session) => {
    signedIn(session);
    const safe = next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login');
    navigate(safe ? next : homeOf(session.principal), { replace: true });
  };
}

/** The number a link may bring along (`?number=...`, e.g. from the demo picker). */
export function useNumberParam(): string {
  return new URLSearchParams(useSearch()).get('number') ?? '';
}

/** Runs `work` with the submit disabled; a refusal goes to `onError`. */
export function useBusy() {
  const [busy, setBusy] = useState(false);
  const run = (work: () => Promise<void>, onError: (e: unknown) => void) => (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    work().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        onError(e);
      },
    );
  };
  return { busy, run };
}

export function NumberField(props: { value: string; onChange: (v: string) => void; error?: string | undefined; readOnly?: boolean }) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('auth.number')}
      hint={t('auth.numberHint')}
      error={props.error}
      name="number"
      type="tel"
      inputMode="tel"
      autoComplete="tel"
      dir="ltr"
      required
      readOnly={props.readOnly}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

type CodeFormProps = {
  purpose: 'register' | 'login' | 'reset';
  number: string;
  onNumber: (value: string) => void;
  /** Asks for a (new) password along with the code. */
  withPassword: boolean;
  submitLabel: string;
  /** Sends the number, the code and the password to the server and returns the new session. */
  submit: (input: { number: string; code: string; password: string }) => Promise<SessionView>;
};

/** Number, then "send the code", then the code (and a password): registration, login by code, reset. */
export function CodeForm(props: CodeFormProps) {
  const { t } = useTranslation();
  const land = useLanding();
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const errors = useFormError(sent ? (props.withPassword ? ['code', 'password'] : ['code']) : ['number']);
  const { busy, run } = useBusy();
  const rules = useApi<AuthRules>('/auth/rules').data;

  const send = run(async () => {
    errors.clear();
    await api('/auth/codes', { method: 'POST', body: { number: props.number.trim(), purpose: props.purpose } });
    setSent(true);
  }, errors.set);
  const finish = run(async () => {
    errors.clear();
    land(await props.submit({ number: props.number.trim(), code: code.trim(), password }));
  }, errors.set);

  if (!sent) {
    return (
      <form className="auth-form" noValidate onSubmit={send} aria-busy={busy}>
        <NumberField value={props.number} onChange={props.onNumber} error={errors.of('number')} />
        <DemoCodeHint number={props.number.trim() || undefined} />
        {errors.general ? <ErrorNotice error={errors.general} /> : null}
        <button type="submit" className="button" disabled={busy}>
          {t('auth.sendCode')}
        </button>
      </form>
    );
  }
  return (
    <form className="auth-form" noValidate onSubmit={finish} aria-busy={busy}>
      <p className="notice notice-success" role="status" data-testid="code-sent">
        <span>
          <Trans i18nKey="auth.codeSent" components={{ number: <Phone number={props.number.trim()} /> }} />
        </span>
        <button
          type="button"
          className="button button-ghost"
          onClick={() => {
            setSent(false);
            setCode('');
            errors.clear();
          }}
        >
          {t('auth.changeNumber')}
        </button>
      </p>
      <DemoCodeHint number={props.number.trim()} />
      <Field
        label={t('auth.code')}
        hint={rules ? t('auth.codeHint', { minutes: rules.codeTtlMinutes }) : undefined}
        error={errors.of('code')}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        dir="ltr"
        required
        autoFocus
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      {props.withPassword ? (
        <Field
          label={t('auth.newPassword')}
          hint={<PasswordRules />}
          error={errors.of('password')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      ) : null}
      {errors.general ? <ErrorNotice error={errors.general} /> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" className="button button-ghost" disabled={busy} onClick={send}>
          {t('auth.sendAgain')}
        </button>
      </div>
    </form>
  );
}
