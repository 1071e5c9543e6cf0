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
  promised_payment_active: {
    en: 'You already have a promised payment. Top up to repay it first.',
    ru: 'У вас уже есть обещанный платёж. Сначала пополните счёт, чтобы погасить его.',
    hu: 'Már van ígért befizetése. Előbb töltse fel egyenlegét a visszafizetéshez.',
    fa: 'شما از قبل یک پرداخت وعده‌داده‌شده دارید. ابتدا حساب خود را شارژ کنید تا تسویه شود.',
  },
  amount_out_of_range: {
    en: 'The amount must be from {min} to {max}.',
    ru: 'Сумма должна быть от {min} до {max}.',
    hu: 'Az összegnek {min} és {max} között kell lennie.',
    fa: 'مبلغ باید بین {min} و {max} باشد.',
  },
  batch_already_imported: {
    en: 'This batch of records has already been imported.',
    ru: 'Этот пакет записей уже загружен.',
    hu: 'Ezt a rekordcsomagot már betöltöttük.',
    fa: 'این دسته از رکوردها قبلاً وارد شده است.',
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
  unauthenticated: {
    en: 'Please sign in first.',
    ru: 'Сначала войдите в систему.',
    hu: 'Kérjük, előbb jelentkezzen be.',
    fa: 'لطفاً ابتدا وارد شوید.',
  },
  forbidden: {
    en: 'You may not do this.',
    ru: 'У вас нет прав на это действие.',
    hu: 'Ehhez nincs jogosultsága.',
    fa: 'شما اجازه این کار را ندارید.',
  },
  interaction_required: {
    en: 'Open an interaction with this subscriber first.',
    ru: 'Сначала откройте обращение этого абонента.',
    hu: 'Előbb nyisson ügyfélkapcsolatot ezzel az előfizetővel.',
    fa: 'ابتدا یک تماس با این مشترک باز کنید.',
  },
  csrf_failed: {
    en: 'The request could not be verified; reload the page and try again.',
    ru: 'Не удалось проверить запрос; обновите страницу и повторите.',
    hu: 'A kérést nem sikerült ellenőrizni; töltse újra az oldalt, és próbálja újra.',
    fa: 'درخواست تأیید نشد؛ صفحه را دوباره بارگذاری کنید و دوباره تلاش کنید.',
  },
  invalid_credentials: {
    en: 'Wrong number or password.',
    ru: 'Неверный номер или пароль.',
    hu: 'Hibás telefonszám vagy jelszó.',
    fa: 'شماره یا رمز عبور اشتباه است.',
  },
  login_locked: {
    en: 'Too many failed attempts. Signing in is locked for {minutes} min (until {until} UTC).',
    ru: 'Слишком много неудачных попыток. Вход заблокирован на {minutes} мин (до {until} UTC).',
    hu: 'Túl sok sikertelen próbálkozás. A belépés {minutes} percre zárolva ({until} UTC-ig).',
    fa: 'تلاش‌های ناموفق بیش از حد. ورود به مدت {minutes} دقیقه (تا {until} UTC) قفل است.',
  },
  code_invalid: {
    en: 'The code is wrong or has expired. Request a new one.',
    ru: 'Код неверный или устарел. Запросите новый.',
    hu: 'A kód hibás vagy lejárt. Kérjen újat.',
    fa: 'کد اشتباه است یا منقضی شده است. کد جدید درخواست کنید.',
  },
  too_many_codes: {
    en: 'Too many codes requested. Try again in {minutes} min.',
    ru: 'Слишком много запросов кода. Повторите через {minutes} мин.',
    hu: 'Túl sok kódot kért. Próbálja újra {minutes} perc múlva.',
    fa: 'درخواست کد بیش از حد است. {minutes} دقیقه دیگر دوباره تلاش کنید.',
  },
  weak_secret: {
    en: 'Choose a stronger secret: {rule}.',
    ru: 'Выберите более надёжный пароль: {rule}.',
    hu: 'Válasszon erősebb jelszót: {rule}.',
    fa: 'رمز قوی‌تری انتخاب کنید: {rule}.',
  },
  contract_password_required: {
    en: 'This line is password-protected: give the contract password to make changes.',
    ru: 'Номер защищён паролем: для изменений укажите пароль договора.',
    hu: 'Az előfizetés jelszóval védett: a módosításhoz adja meg az ügyfélszolgálati jelszót.',
    fa: 'این خط با رمز محافظت می‌شود: برای تغییرات رمز قرارداد را وارد کنید.',
  },
  contract_password_invalid: {
    en: 'The contract password is wrong.',
    ru: 'Неверный пароль договора.',
    hu: 'Hibás ügyfélszolgálati jelszó.',
    fa: 'رمز قرارداد اشتباه است.',
  },
  contract_password_locked: {
    en: 'Too many wrong passwords. Try again in {minutes} min (after {until} UTC).',
    ru: 'Слишком много неверных паролей. Повторите через {minutes} мин (после {until} UTC).',
    hu: 'Túl sok hibás jelszó. Próbálja újra {minutes} perc múlva ({until} UTC után).',
    fa: 'رمزهای اشتباه بیش از حد. {minutes} دقیقه دیگر (پس از {until} UTC) دوباره تلاش کنید.',
  },
  access_code_invalid: {
    en: 'Wrong access code.',
    ru: 'Неверный код доступа.',
    hu: 'Hibás hozzáférési kód.',
    fa: 'کد دسترسی اشتباه است.',
  },
  access_code_locked: {
    en: 'Access is blocked after too many wrong codes. Try again in {minutes} min (after {until} UTC).',
    ru: 'Доступ заблокирован из-за неверных кодов. Повторите через {minutes} мин (после {until} UTC).',
    hu: 'A hozzáférés a sok hibás kód miatt zárolva. Próbálja újra {minutes} perc múlva ({until} UTC után).',
    fa: 'دسترسی به دلیل کدهای اشتباه مسدود است. {minutes} دقیقه دیگر (پس از {until} UTC) دوباره تلاش کنید.',
  },
  feature_not_available: {
    en: '{feature} is not offered by this operator.',
    ru: '{feature}: оператор не предоставляет эту возможность.',
    hu: '{feature}: ez a szolgáltató nem kínálja.',
    fa: '{feature} توسط این اپراتور ارائه نمی‌شود.',
  },
  voiceprint_full: {
    en: 'The voiceprint already has the most samples it can keep.',
    ru: 'Голосовой отпечаток уже содержит максимум образцов.',
    hu: 'A hangminta már a lehető legtöbb mintát tartalmazza.',
    fa: 'اثر صوتی از قبل حداکثر نمونه‌ها را دارد.',
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
  black_list_off: {
    en: 'Turn on the "{service}" service first: the black list works only while it is on.',
    ru: 'Сначала подключите услугу «{service}»: чёрный список работает, только пока она включена.',
    hu: 'Előbb kapcsolja be a(z) „{service}” szolgáltatást: a tiltólista csak akkor működik, ha be van kapcsolva.',
    fa: 'ابتدا سرویس «{service}» را فعال کنید: لیست سیاه فقط وقتی این سرویس روشن است کار می‌کند.',
  },
  black_list_own_number: {
    en: 'You cannot block your own number.',
    ru: 'Нельзя заблокировать собственный номер.',
    hu: 'A saját számát nem tilthatja le.',
    fa: 'نمی‌توانید شماره خودتان را مسدود کنید.',
  },
  black_list_full: {
    en: 'The black list holds at most {max} numbers. Remove one first.',
    ru: 'В чёрном списке может быть не больше {max} номеров. Сначала удалите один из них.',
    hu: 'A tiltólistán legfeljebb {max} szám lehet. Előbb töröljön egyet.',
    fa: 'لیست سیاه حداکثر {max} شماره را نگه می‌دارد. ابتدا یکی را حذف کنید.',
  },
  number_not_blocked: {
    en: '{number} is not on your black list.',
    ru: 'Номера {number} нет в вашем чёрном списке.',
    hu: 'A(z) {number} nincs a tiltólistáján.',
    fa: 'شماره {number} در لیست سیاه شما نیست.',
  },
  puk_invalid: {
    en: 'The PUK code does not match the line: {numbers}. Check the codes on the SIM card holders.',
    ru: 'PUK-код не подходит к номеру: {numbers}. Проверьте коды на держателях SIM-карт.',
    hu: 'A PUK-kód nem egyezik a számhoz: {numbers}. Ellenőrizze a kódokat a SIM-kártya tartóján.',
    fa: 'کد PUK با این خط مطابقت ندارد: {numbers}. کدها را روی کارت نگهدارنده سیم‌کارت بررسی کنید.',
  },
  puk_locked: {
    en: 'Too many wrong PUK codes for {number}. Try again in {minutes} min.',
    ru: 'Слишком много неверных PUK-кодов для номера {number}. Повторите через {minutes} мин.',
    hu: 'Túl sok hibás PUK-kód a(z) {number} számhoz. Próbálja újra {minutes} perc múlva.',
    fa: 'تعداد کدهای PUK اشتباه برای {number} زیاد است. {minutes} دقیقه دیگر دوباره تلاش کنید.',
  },
  line_already_corporate: {
    en: 'The line {number} already belongs to a company account.',
    ru: 'Номер {number} уже подключён к корпоративному договору.',
    hu: 'A(z) {number} szám már egy céges előfizetéshez tartozik.',
    fa: 'خط {number} از قبل به حساب یک شرکت تعلق دارد.',
  },
  application_not_pending: {
    en: 'This application has already been reviewed.',
    ru: 'Эта заявка уже рассмотрена.',
    hu: 'Ezt a kérelmet már elbírálták.',
    fa: 'این درخواست قبلاً بررسی شده است.',
  },
  payment_not_found: {
    en: 'No such payment on this line.',
    ru: 'Такого платежа по этому номеру нет.',
    hu: 'Ezen a számon nincs ilyen fizetés.',
    fa: 'چنین پرداختی برای این خط وجود ندارد.',
  },
  payment_provider_unavailable: {
    en: 'Card payments are not available right now. Please try again later.',
    ru: 'Оплата картой сейчас недоступна. Попробуйте позже.',
    hu: 'A kártyás fizetés most nem érhető el. Próbálja újra később.',
    fa: 'پرداخت با کارت در حال حاضر در دسترس نیست. لطفاً بعداً دوباره تلاش کنید.',
  },
  payment_mismatch: {
    en: 'The payment does not match what was ordered; it was not credited.',
    ru: 'Платёж не совпадает с заказанным и не зачислен.',
    hu: 'A fizetés nem egyezik a megrendelttel, ezért nem írtuk jóvá.',
    fa: 'پرداخت با مبلغ سفارش‌داده‌شده مطابقت ندارد و واریز نشد.',
  },
  webhook_signature_invalid: {
    en: 'The notification signature is not valid.',
    ru: 'Подпись уведомления недействительна.',
    hu: 'Az értesítés aláírása érvénytelen.',
    fa: 'امضای اعلان معتبر نیست.',
  },
};

/** The user-facing text for an error code in a language, with its placeholders filled. */
/** The rule a new secret breaks (`weak_secret`'s `rule` parameter) in each language; `{n}` is its limit. */
const SECRET_RULES: Record<string, Record<Language, string>> = {
  'min-length': { en: 'at least {n} characters', ru: 'не менее {n} символов', hu: 'legalább {n} karakter', fa: 'دست‌کم {n} نویسه' },
  'max-length': { en: 'at most {n} characters', ru: 'не более {n} символов', hu: 'legfeljebb {n} karakter', fa: 'حداکثر {n} نویسه' },
  distinct: {
    en: 'at least {n} different characters',
    ru: 'не менее {n} разных символов',
    hu: 'legalább {n} különböző karakter',
    fa: 'دست‌کم {n} نویسهٔ متفاوت',
  },
  'not-number': { en: 'not your phone number', ru: 'не ваш номер телефона', hu: 'ne a telefonszáma legyen', fa: 'شمارهٔ تلفن شما نباشد' },
  'pin-digits': { en: 'exactly {n} digits', ru: 'ровно {n} цифр', hu: 'pontosan {n} számjegy', fa: 'دقیقاً {n} رقم' },
  'pin-trivial': {
    en: 'not one digit repeated or a run such as 12345',
    ru: 'не одна повторённая цифра и не ряд вроде 12345',
    hu: 'ne egy ismételt számjegy vagy sorozat, mint 12345',
    fa: 'نه یک رقم تکراری و نه دنباله‌ای مانند 12345',
  },
};

export function errorMessage(code: ErrorCode, language: Language, params: ErrorParams = {}): string {
  const rule = code === 'weak_secret' && typeof params.rule === 'string' ? SECRET_RULES[params.rule]?.[language] : undefined;
  return fill(MESSAGES[code][language], rule === undefined ? params : { ...params, rule: fill(rule, params) });
}

/** Replaces `{name}` placeholders; unknown ones stay visible so a missing value is noticed. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
