/** Sign in (S4.3): the number (the login by default) with the password, or with a one-time SMS code. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import type { SessionView } from '../api/types.ts';
import { CodeForm, Field, NumberField, useBusy, useFormError, useLanding, useNumberParam } from '../components/auth.tsx';
import { Card, ErrorNotice, PageTitle, Phone } from '../components/ui.tsx';
import { homeOf, useSession } from '../session.tsx';

type Method = 'password' | 'code';

export function LoginPage() {
  const { t } = useTranslation();
  const { principal } = useSession();
  const [number, setNumber] = useState(useNumberParam());
  const [method, setMethod] = useState<Method>('password');
  const suffix = number ? `?number=${encodeURIComponent(number)}` : '';

  return (
    <>
      <PageTitle sub={t('auth.login.intro')}>{t('auth.login.title')}</PageTitle>
      {principal ? (
        <Card>
          <p className="auth-signed-in">
            {t('auth.signedInAs')} <Phone number={principal.number ?? principal.id} />
          </p>
          <Link href={homeOf(principal)} className="button">
            {t('auth.openLine')}
          </Link>
        </Card>
      ) : null}
      <Card>
        <fieldset className="segmented">
          <legend>{t('auth.login.method')}</legend>
          {(['password', 'code'] as const).map((m) => (
            <label key={m} className={method === m ? 'is-selected' : undefined}>
              <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
              {m === 'password' ? t('auth.login.withPassword') : t('auth.login.withCode')}
            </label>
          ))}
        </fieldset>
        {method === 'password' ? (
          <PasswordLogin number={number} onNumber={setNumber} />
        ) : (
          <CodeForm
            purpose="login"
            number={number}
            onNumber={setNumber}
            withPassword={false}
            submitLabel={t('auth.login.submit')}
            submit={(input) => api<SessionView>('/auth/login/code', { method: 'POST', body: { number: input.number, code: input.code } })}
          />
        )}
      </Card>
      <p className="auth-links">
        <Link href={`/reset${suffix}`}>{t('auth.login.forgot')}</Link>
        <Link href={`/register${suffix}`}>{t('auth.register.title')}</Link>
      </p>
    </>
  );
}

function PasswordLogin(props: { number: string; onNumber: (value: string) => void }) {
  const { t } = useTranslation();
  const land = useLanding();
  const [password, setPassword] = useState('');
  const errors = useFormError(['number', 'password']);
  const { busy, run } = useBusy();
  const submit = run(async () => {
    errors.clear();
    land(await api<SessionView>('/auth/login', { method: 'POST', body: { number: props.number.trim(), password } }));
  }, errors.set);
  return (
    <form className="auth-form" noValidate onSubmit={submit} aria-busy={busy}>
      <NumberField value={props.number} onChange={props.onNumber} error={errors.of('number')} />
      <Field
        label={t('auth.password')}
        error={errors.of('password')}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {errors.general ? <ErrorNotice error={errors.general} /> : null}
      <button type="submit" className="button" disabled={busy}>
        {t('auth.login.submit')}
      </button>
    </form>
  );
}
