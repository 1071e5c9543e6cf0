/** The handset simulator page: plain HTML and JS, no build step. */
export const DEV_PHONE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kabinet handset simulator</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#eef;margin:0;display:flex;justify-content:center}
.phone{width:340px;margin:24px;background:#111;color:#eee;border-radius:28px;padding:20px}
.screen{background:#dfe8d0;color:#111;border-radius:8px;min-height:140px;padding:10px;white-space:pre-wrap;font-family:monospace;font-size:14px}
label{display:block;margin-top:10px;font-size:13px}
input,select,button{font-size:15px;padding:6px;border-radius:6px;border:0;margin-top:4px}
input,select{width:100%;box-sizing:border-box}
button{background:#4a7;color:#fff;cursor:pointer;margin-right:4px}
.inbox{background:#222;border-radius:8px;padding:8px;margin-top:10px;max-height:260px;overflow:auto;font-size:13px}
.msg{border-bottom:1px solid #444;padding:4px 0}.msg b{color:#9cf}
.note{font-size:11px;color:#aaa;margin-top:10px}
</style></head><body><div class="phone">
<h3>Handset simulator</h3>
<label>Number <select id="number"></select></label>
<div class="screen" id="screen">Dial a USSD code or text a short number.</div>
<label>USSD code or answer <input id="ussd" placeholder="*100#" autocomplete="off"></label>
<button id="dial">Dial / Send</button><button id="hang">End</button>
<label>SMS to <input id="to" placeholder="111" list="shorts"></label><datalist id="shorts"></datalist>
<label>Text <input id="text" placeholder="2163"></label>
<button id="sms">Send SMS</button>
<div class="inbox" id="inbox" aria-live="polite" aria-label="Inbox"></div>
<div class="note">Demo only. USSD goes through POST /ussd/at (the aggregator adapter); SMS through the built-in SMSC over SMPP.</div>
</div><script>
const $ = (id) => document.getElementById(id);
let session = null, inputs = [], code = '';
async function load() {
  const r = await (await fetch('/dev/phone/numbers')).json();
  for (const n of r.numbers) { const o = document.createElement('option'); o.value = n.number; o.textContent = n.number + ' ' + n.label; $('number').append(o); }
  for (const s of r.shortNumbers) { const o = document.createElement('option'); o.value = s; $('shorts').append(o); }
  $('ussd').placeholder = r.ussd.join('  ');
  // ?number=... (the web app's sign-in pages link here) opens that number's inbox.
  const wanted = new URLSearchParams(location.search).get('number');
  if (wanted) {
    if (![...$('number').options].some((o) => o.value === wanted)) { const o = document.createElement('option'); o.value = wanted; o.textContent = wanted; $('number').append(o); }
    $('number').value = wanted;
  }
  refresh();
}
async function ussd(value) {
  if (!session || /^\\*.*#$/.test(value)) { session = 'dev-' + Math.random().toString(36).slice(2); inputs = []; code = value; }
  else inputs.push(value);
  const body = new URLSearchParams({ sessionId: session, serviceCode: code, phoneNumber: $('number').value, networkCode: 'dev', text: inputs.join('*') });
  const res = await fetch('/ussd/at', { method: 'POST', body });
  const text = await res.text();
  $('screen').textContent = text.replace(/^(CON|END) /, '');
  if (text.startsWith('END')) session = null;
  $('ussd').value = '';
}
async function refresh() {
  const r = await fetch('/dev/phone/inbox?number=' + encodeURIComponent($('number').value));
  if (!r.ok) return;
  const { messages } = await r.json();
  $('inbox').innerHTML = '';
  for (const m of messages.slice().reverse()) { const d = document.createElement('div'); d.className = 'msg'; d.innerHTML = '<b></b> '; d.firstChild.textContent = m.from; d.append(m.text); $('inbox').append(d); }
}
$('dial').onclick = () => ussd($('ussd').value.trim());
$('hang').onclick = () => { session = null; $('screen').textContent = 'Session ended.'; };
$('sms').onclick = async () => {
  await fetch('/dev/phone/sms', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: $('number').value, to: $('to').value.trim(), text: $('text').value }) });
  setTimeout(refresh, 300);
};
$('number').onchange = refresh;
setInterval(refresh, 2000);
load();
</script></body></html>
`;
