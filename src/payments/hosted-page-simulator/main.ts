/**
 * The hosted payment page simulator as its own process (`kabinet start` runs it next to Kabinet in
 * demo mode): reads the configuration, listens, prints `PAYSIM LISTENING <url>` and stops on SIGTERM.
 */
import { loadConfig } from '../../config.ts';
import { startHostedPageSimulator } from './simulator.ts';

const config = loadConfig();
if (config.payments.provider !== 'simulated') {
  console.error('payment simulator: KABINET_PAYMENT_PROVIDER is not simulated');
  process.exit(2);
}
const simulator = await startHostedPageSimulator({
  host: config.host,
  port: config.payments.simulatorPort,
  secret: config.payments.webhookSecret,
  log: (line) => console.log(line),
});
console.log(`PAYSIM LISTENING ${simulator.url}`);
const stop = () => {
  void simulator.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Ends with its parent: a closed stdin means Kabinet is gone.
process.stdin.resume();
process.stdin.once('end', stop);
