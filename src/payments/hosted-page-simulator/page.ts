/** The hosted payment page of the simulator: amount and merchant, a card form, Pay and Cancel, in the payer's language. */
import type { HostedSession } from './session.ts';

const TEXT = {
  en: {
    title: 'Card payment',
    pay: 'Pay',
    cancel: 'Cancel',
    merchant: 'Merchant',
    amount: 'Amount',
    number: 'Card number',
    expiry: 'Expiry (MM/YY)',
    cvc: 'CVC',
    holder: 'Name on card',
    note: 'Payment page simulator: no real card is charged. Test cards: 4242 4242 4242 4242 is paid, 4000 0000 0000 0002 is declined.',
    badNumber: 'The card number is not valid.',
    badExpiry: 'The expiry date is not valid.',
    badCvc: 'The CVC is 3 or 4 digits.',
    badHolder: 'Enter the name on the card.',
    expired: 'This payment link has expired or is not valid.',
    done: 'This payment is already complete.',
  },
  ru: {
    title: 'Оплата картой',
    pay: 'Оплатить',
    cancel: 'Отмена',
    merchant: 'Получатель',
    amount: 'Сумма',
    number: 'Номер карты',
    expiry: 'Срок действия (ММ/ГГ)',
    cvc: 'CVC',
    holder: 'Имя на карте',
    note: 'Симулятор платёжной страницы: реальные карты не списываются. Тестовые карты: 4242 4242 4242 4242 оплачивается, 4000 0000 0000 0002 отклоняется.',
    badNumber: 'Неверный номер карты.',
    badExpiry: 'Неверный срок действия.',
    badCvc: 'CVC: 3 или 4 цифры.',
    badHolder: 'Укажите имя на карте.',
    expired: 'Ссылка на оплату устарела или недействительна.',
    done: 'Этот платёж уже завершён.',
  },
  hu: {
    title: 'Kártyás fizetés',
    pay: 'Fizetés',
    cancel: 'Mégse',
    merchant: 'Kedvezményezett',
    amount: 'Összeg',
    number: 'Kártyaszám',
    expiry: 'Lejárat (HH/ÉÉ)',
    cvc: 'CVC',
    holder: 'Név a kártyán',
    note: 'Fizetőoldal-szimulátor: valódi kártyát nem terhelünk. Tesztkártyák: 4242 4242 4242 4242 sikeres, 4000 0000 0000 0002 elutasított.',
    badNumber: 'A kártyaszám érvénytelen.',
    badExpiry: 'A lejárati dátum érvénytelen.',
    badCvc: 'A CVC 3 vagy 4 számjegy.',
    badHolder: 'Adja meg a kártyán szereplő nevet.',
    expired: 'A fizetési hivatkozás lejárt vagy érvénytelen.',
    done: 'Ez a fizetés már befejeződött.',
  },
  fa: {
    title: 'پرداخت با کارت',
    pay: 'پرداخت',
    cancel: 'انصراف',
    merchant: 'پذیرنده',
    amount: 'مبلغ',
    number: 'شماره کارت',
    expiry: 'تاریخ انقضا (MM/YY)',
    cvc: 'CVC',
    holder: 'نام روی کارت',
    note: 'شبیه‌ساز صفحه پرداخت: هیچ کارت واقعی‌ای شارژ نمی‌شود. کارت‌های آزمایشی: 4242 4242 4242 4242 پرداخت می‌شود، 4000 0000 0000 0002 رد می‌شود.',
    badNumber: 'شماره کارت معتبر نیست.',
    badExpiry: 'تاریخ انقضا معتبر نیست.',
    badCvc: 'CVC سه یا چهار رقم است.',
    badHolder: 'نام روی کارت را وارد کنید.',
    expired: 'پیوند پرداخت منقضی شده یا معتبر نیست.',
    done: 'این پرداخت قبلاً انجام شده است.',
  },
} as const;

export type PageLanguage = keyof typeof TEXT;
export type PageError = 'badNumber' | 'badExpiry' | 'badCvc' | 'badHolder';

export function pageLanguage(language: string): PageLanguage {
  return language in TEXT ? (language as PageLanguage) : 'en';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f8;color:#1a1d24;margin:0}
main{max-width:26rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 2px 12px #0002}
h1{font-size:1.3rem;margin:0 0 1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem;margin:0 0 1rem}
dt{color:#4a5060}dd{margin:0;font-weight:600}label{display:block;margin:.7rem 0 .2rem}
input{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem;border:1px solid #767b88;border-radius:6px}
.row{display:flex;gap:1rem}.row>div{flex:1}.actions{display:flex;gap:.8rem;margin-top:1.2rem}
button{padding:.6rem 1.2rem;font-size:1rem;border-radius:6px;border:0;cursor:pointer}
.pay{background:#1a56db;color:#fff;flex:1}.cancel{background:#e4e6eb;color:#1a1d24}
.error{color:#b00020;font-weight:600}.note{font-size:.85rem;color:#4a5060;margin-top:1rem}`;

export function paymentPage(session: HostedSession, token: string, error?: PageError): string {
  const lang = pageLanguage(session.language);
  const t = TEXT[lang];
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(t.title)} · ${e(session.merchant)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${e(t.title)}</h1>
<dl><dt>${e(t.merchant)}</dt><dd data-testid="merchant"><bdi>${e(session.merchant)}</bdi></dd>
<dt>${e(t.amount)}</dt><dd data-testid="amount"><bdi>${e(session.amountText)}</bdi></dd></dl>
${error ? `<p class="error" role="alert">${e(t[error])}</p>` : ''}
<form method="post" action="/pay/${e(session.ref)}" autocomplete="on">
<input type="hidden" name="session" value="${e(token)}">
<label for="number">${e(t.number)}</label>
<input id="number" name="number" inputmode="numeric" autocomplete="cc-number" dir="ltr" required maxlength="23">
<div class="row"><div><label for="expiry">${e(t.expiry)}</label>
<input id="expiry" name="expiry" autocomplete="cc-exp" dir="ltr" required maxlength="7" placeholder="MM/YY"></div>
<div><label for="cvc">${e(t.cvc)}</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" dir="ltr" required maxlength="4"></div></div>
<label for="holder">${e(t.holder)}</label><input id="holder" name="holder" autocomplete="cc-name" required maxlength="100">
<div class="actions"><button class="pay" type="submit" name="action" value="pay">${e(t.pay)} <bdi>${e(session.amountText)}</bdi></button>
<button class="cancel" type="submit" name="action" value="cancel" formnovalidate>${e(t.cancel)}</button></div>
</form>
<p class="note">${e(t.note)}</p>
</main></body></html>`;
}

export function messagePage(language: string, key: 'expired' | 'done'): string {
  const lang = pageLanguage(language);
  return `<!doctype html><html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${escapeHtml(TEXT[lang].title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(TEXT[lang].title)}</h1><p role="alert">${escapeHtml(TEXT[lang][key])}</p></main></body></html>`;
}
