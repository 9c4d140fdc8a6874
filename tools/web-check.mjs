// Loads the browser build in headless Chromium: starts a shipped scenario
// (`?start=baseline`), checks that the canvas draws (many colours, not one) and that the
// simulated clock (shown in the page's title) advances, and saves a screenshot.
//
//   node tools/web-check.mjs http://127.0.0.1:8765/ assets/screens/web.png
import { chromium } from "playwright-core";

const [url, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const fail = async (why) => {
  console.error(`web-check: FAIL: ${why}`);
  await browser.close();
  process.exit(1);
};
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on("console", (m) => console.log(`page: ${m.text()}`));
  page.on("pageerror", (e) => console.log(`page error: ${e}`));
  await page.goto(`${url}?start=baseline`);
  const clock = async () => {
    const m = /^perfsim (?:(\d+):)?(\d\d):(\d\d)$/.exec(await page.title());
    return m ? (Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3]) : null;
  };
  await page
    .waitForFunction(() => /^perfsim \d/.test(document.title), null, { timeout: 120000 })
    .catch(async () => fail(`the run did not start (title ${JSON.stringify(await page.title())})`));
  const t1 = await clock();
  await page.waitForTimeout(4000);
  const t2 = await clock();
  console.log(`web-check: simulated clock ${t1} s, 4 wall seconds later ${t2} s`);
  if (t1 === null || t2 === null || !(t2 > t1)) await fail("the simulated clock does not advance");
  await page.waitForTimeout(1000);
  const png = await page.screenshot({ path: shot });
  // Count the screenshot's colours in the page itself (no image library needed here).
  const colours = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, png.toString("base64"));
  console.log(`web-check: the canvas shows ${colours} colours; screenshot ${shot}`);
  if (colours < 50) await fail("the canvas did not draw the console");
  console.log("web-check: OK");
} catch (e) {
  await fail(String(e));
}
await browser.close();
