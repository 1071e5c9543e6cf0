/** What a user reads for each error code, in each language. Placeholders come from `AppError.params`. */
import type { ErrorCode, ErrorParams } from '../errors.ts';
import type { Language } from '../../profiles/schema.ts';

type Texts = Record<Language, string>;

const MESSAGES: Record<ErrorCode, Texts> = {
  invalid_input: {
    en: 'Some of the data you sent is not valid.',
    ru: 'Некоторые данные указаны неверно.',
    hu: 'A megadott adatok egy része érvénytelen.',
    fa: 'برخی از اطلاعات ارسال‌شده معتبر نیست.',
  },
  invalid_number: {
    en: '"{number}" is not a valid phone number.',
    ru: '«{number}» — неверный номер телефона.',
    hu: 'A(z) „{number}” nem érvényes telefonszám.',
    fa: '«{number}» شماره تلفن معتبری نیست.',
  },
  line_not_found: {
    en: 'No subscriber line with number {number}.',
    ru: 'Абонент с номером {number} не найден.',
    hu: 'Nincs előfizetés a(z) {number} számon.',
    fa: 'مشترکی با شماره {number} یافت نشد.',
  },
  tariff_not_found: {
    en: 'There is no tariff "{tariff}".',
    ru: 'Тариф «{tariff}» не существует.',
    hu: 'Nincs „{tariff}” nevű díjcsomag.',
    fa: 'تعرفه «{tariff}» وجود ندارد.',
  },
  service_not_found: {
    en: 'There is no service "{service}".',
    ru: 'Услуга «{service}» не существует.',
    hu: 'Nincs „{service}” nevű szolgáltatás.',
    fa: 'سرویس «{service}» وجود ندارد.',
  },
  not_eligible: {
    en: '"{offer}" is not available for this line.',
    ru: '«{offer}» недоступно для этого номера.',
    hu: 'A(z) „{offer}” ehhez az előfizetéshez nem érhető el.',
    fa: '«{offer}» برای این خط در دسترس نیست.',
  },
  tariff_unchanged: {
    en: 'The line is already on this tariff.',
    ru: 'Этот тариф уже подключён.',
    hu: 'Az előfizetés már ezen a díjcsomagon van.',
    fa: 'این تعرفه از قبل فعال است.',
  },
  service_already_active: {
    en: 'This service is already on.',
    ru: 'Эта услуга уже подключена.',
    hu: 'Ez a szolgáltatás már be van kapcsolva.',
    fa: 'این سرویس از قبل فعال است.',
  },
  service_not_active: {
    en: 'This service is not on.',
    ru: 'Эта услуга не подключена.',
    hu: 'Ez a szolgáltatás nincs bekapcsolva.',
    fa: 'این سرویس فعال نیست.',
  },
  service_included_in_tariff: {
    en: 'This service comes with your tariff and cannot be turned off.',
    ru: 'Эта услуга входит в тариф и не отключается.',
    hu: 'Ez a szolgáltatás a díjcsomag része, nem kapcsolható ki.',
    fa: 'این سرویس جزو تعرفه شماست و غیرفعال نمی‌شود.',
  },
  line_not_active: {
    en: 'The line is suspended; changes are not possible now.',
    ru: 'Номер приостановлен, изменения сейчас невозможны.',
    hu: 'Az előfizetés szüneteltetve van, most nem módosítható.',
    fa: 'این خط معلق است و اکنون امکان تغییر وجود ندارد.',
  },
  insufficient_funds: {
    en: 'Not enough money on the balance: {amount} needed.',
    ru: 'Недостаточно средств: нужно {amount}.',
    hu: 'Nincs elég egyenleg: {amount} szükséges.',
    fa: 'موجودی کافی نیست: {amount} لازم است.',
  },
  demo_only: {
    en: 'Changes without signing in are possible only in demo mode.',
    ru: 'Изменения без входа возможны только в демо-режиме.',
    hu: 'Bejelentkezés nélkül csak demó módban lehet módosítani.',
    fa: 'تغییرات بدون ورود فقط در حالت نمایشی ممکن است.',
  },
  not_found: {
    en: 'Not found.',
    ru: 'Не найдено.',
    hu: 'Nem található.',
    fa: 'یافت نشد.',
  },
  payload_too_large: {
    en: 'The request is too large.',
    ru: 'Слишком большой запрос.',
    hu: 'A kérés túl nagy.',
    fa: 'درخواست بیش از حد بزرگ است.',
  },
  unsupported_media_type: {
    en: 'Send the request body as JSON.',
    ru: 'Отправьте тело запроса в формате JSON.',
    hu: 'A kérés törzsét JSON formátumban küldje.',
    fa: 'بدنه درخواست را با قالب JSON ارسال کنید.',
  },
  rate_limited: {
    en: 'Too many requests; try again shortly.',
    ru: 'Слишком много запросов, попробуйте чуть позже.',
    hu: 'Túl sok kérés, próbálja újra később.',
    fa: 'درخواست‌ها بیش از حد است؛ کمی بعد دوباره تلاش کنید.',
  },
  conflict: {
    en: 'Someone else changed this at the same time; try again.',
    ru: 'Данные одновременно изменились, повторите попытку.',
    hu: 'Az adatok közben megváltoztak, próbálja újra.',
    fa: 'داده‌ها همزمان تغییر کرد؛ دوباره تلاش کنید.',
  },
  unavailable: {
    en: 'The service is temporarily unavailable.',
    ru: 'Сервис временно недоступен.',
    hu: 'A szolgáltatás átmenetileg nem érhető el.',
    fa: 'سرویس موقتاً در دسترس نیست.',
  },
  internal: {
    en: 'Something went wrong on our side; please try again.',
    ru: 'Что-то пошло не так, попробуйте ещё раз.',
    hu: 'Hiba történt nálunk, kérjük, próbálja újra.',
    fa: 'خطایی در سمت ما رخ داد؛ لطفاً دوباره تلاش کنید.',
  },
  idempotency_mismatch: {
    en: 'This idempotency key was already used for a different request.',
    ru: 'Этот ключ идемпотентности уже использован для другого запроса.',
    hu: 'Ezt az idempotencia-kulcsot már egy másik kéréshez használták.',
    fa: 'این کلید یکتایی قبلاً برای درخواست دیگری استفاده شده است.',
  },
  idempotency_in_flight: {
    en: 'The same request is still being processed; try again in a moment.',
    ru: 'Такой же запрос ещё обрабатывается, повторите чуть позже.',
    hu: 'Ugyanez a kérés még feldolgozás alatt áll, próbálja újra kicsit később.',
    fa: 'همین درخواست هنوز در حال پردازش است؛ کمی بعد دوباره تلاش کنید.',
  },
  hold_not_found: {
    en: 'No such reservation on this line.',
    ru: 'Такого резервирования на номере нет.',
    hu: 'Nincs ilyen foglalás ezen a számon.',
    fa: 'چنین رزروی روی این خط وجود ندارد.',
  },
  hold_not_pending: {
    en: 'This reservation is already {status}.',
    ru: 'Это резервирование уже в состоянии «{status}».',
    hu: 'Ez a foglalás már {status} állapotú.',
    fa: 'این رزرو قبلاً در وضعیت {status} است.',
  },
  hold_expired: {
    en: 'This reservation has expired; the money was released.',
    ru: 'Срок резервирования истёк, деньги возвращены.',
    hu: 'A foglalás lejárt, az összeg felszabadult.',
    fa: 'مهلت این رزرو تمام شده و مبلغ آزاد شد.',
  },
  purchase_cap_exceeded: {
    en: 'This purchase is over the {cap} limit of {limit}.',
    ru: 'Покупка превышает лимит ({cap}): {limit}.',
    hu: 'A vásárlás meghaladja a(z) {cap} korlátot: {limit}.',
    fa: 'این خرید از سقف {cap} یعنی {limit} بیشتر است.',
  },
  funding_source_not_allowed: {
    en: 'This purchase cannot be paid from {source}: {reason}.',
    ru: 'Эту покупку нельзя оплатить из источника «{source}»: {reason}.',
    hu: 'Ez a vásárlás nem fizethető innen: {source} ({reason}).',
    fa: 'این خرید را نمی\u200cتوان از {source} پرداخت کرد: {reason}.',
  },
  transfer_not_found: {
    en: 'No such payment on this line.',
    ru: 'Такого платежа по номеру нет.',
    hu: 'Nincs ilyen tranzakció ezen a számon.',
    fa: 'چنین تراکنشی روی این خط وجود ندارد.',
  },
  refund_exceeds_charge: {
    en: 'The refund is more than what is left of the charge.',
    ru: 'Сумма возврата больше оставшейся суммы списания.',
    hu: 'A visszatérítés több, mint a terhelésből fennmaradó összeg.',
    fa: 'مبلغ بازپرداخت از باقیمانده مبلغ کسرشده بیشتر است.',
  },
};

/** The user-facing text for an error code in a language, with its placeholders filled. */
export function errorMessage(code: ErrorCode, language: Language, params: ErrorParams = {}): string {
  return fill(MESSAGES[code][language], params);
}

/** Replaces `{name}` placeholders; unknown ones stay visible so a missing value is noticed. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
