// Loads the browser build in headless Chromium: starts a shipped scenario
// (`?start=baseline`), checks that the canvas draws (many colours, not one) and that the
// simulated clock (shown in the page's title) advances, and saves a screenshot. Then it
// plays the practice attempt to its debrief (a blood gas sent with the G key, End run,
// confirm), saves the debrief's screenshot, clicks "Download attempt record" and saves
// the download, which tools/web-check.sh gives to `perfsim verify`.
//
//   node tools/web-check.mjs http://127.0.0.1:8765/ run.png debrief.png record.jsonl
//
// egui draws on a canvas with no DOM buttons, so the buttons are clicked at their places
// in a 1366×768 window (the same places the window's kittests find them by label).
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const [url, shot, debriefShot, recordFile] = process.argv.slice(2);
// Centres of the buttons at 1366×768 (egui's layout is deterministic at a given size).
const SPEED_10X = { x: 561, y: 20 };
const END_RUN = { x: 946, y: 20 };
const END_RUN_CONFIRM = { x: 535, y: 405 };
const DOWNLOAD_RECORD = { x: 876, y: 26 };
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
  const colours = await countColours(page, png);
  console.log(`web-check: the canvas shows ${colours} colours; screenshot ${shot}`);
  if (colours < 50) await fail("the canvas did not draw the console");

  // A short practice attempt: a blood gas (the G key acts on the run screen), some
  // minutes at 10×, then End run and its confirmation.
  // Focus the canvas on the top bar's "perfsim · practice" label (clicking it does nothing).
  await page.mouse.click(40, 20);
  await page.keyboard.press("g");
  await page.mouse.click(SPEED_10X.x, SPEED_10X.y);
  const s1 = await clock();
  await page.waitForTimeout(15000);
  const s2 = await clock();
  console.log(`web-check: at 10×, 15 wall seconds took the clock from ${s1} s to ${s2} s`);
  if (s1 === null || s2 === null || !(s2 - s1 > 60)) await fail("10× does not run faster");
  await page.mouse.click(END_RUN.x, END_RUN.y);
  await page.waitForTimeout(800);
  await page.mouse.click(END_RUN_CONFIRM.x, END_RUN_CONFIRM.y);
  // The debrief: the simulated clock in the title stops.
  await page.waitForTimeout(1500);
  const e1 = await clock();
  await page.waitForTimeout(1500);
  const e2 = await clock();
  if (e1 === null || e1 !== e2) await fail(`the run did not end (clock ${e1} s, then ${e2} s)`);
  await page.screenshot({ path: debriefShot });
  console.log(`web-check: the debrief at ${e2} s; screenshot ${debriefShot}`);
  const downloaded = page.waitForEvent("download", { timeout: 15000 });
  await page.mouse.click(DOWNLOAD_RECORD.x, DOWNLOAD_RECORD.y);
  const download = await downloaded.catch(async () => fail("no download after clicking Download attempt record"));
  await download.saveAs(recordFile);
  console.log(`web-check: downloaded ${download.suggestedFilename()} to ${recordFile}`);
  if (!/^perfsim_.*_practice\.jsonl$/.test(download.suggestedFilename())) {
    await fail(`the download is named ${download.suggestedFilename()}`);
  }
  // The practice key is made once per browser: after a reload, the next attempt's record
  // is signed with the same key (kept in localStorage).
  await page.goto(`${url}?start=baseline`);
  await page
    .waitForFunction(() => /^perfsim \d/.test(document.title), null, { timeout: 120000 })
    .catch(async () => fail("the run did not start again after a reload"));
  await page.waitForTimeout(1500);
  await page.mouse.click(END_RUN.x, END_RUN.y);
  await page.waitForTimeout(800);
  await page.mouse.click(END_RUN_CONFIRM.x, END_RUN_CONFIRM.y);
  await page.waitForTimeout(1500);
  const again = page.waitForEvent("download", { timeout: 15000 });
  await page.mouse.click(DOWNLOAD_RECORD.x, DOWNLOAD_RECORD.y);
  const second = await again.catch(async () => fail("no download from the second attempt"));
  const publicKey = async (d) => {
    const text = await readFile(await d.path(), "utf8");
    return JSON.parse(text.split("\n")[0]).entry.public_key;
  };
  const [k1, k2] = [await publicKey(download), await publicKey(second)];
  console.log(`web-check: the browser's practice key ${k1.slice(0, 16)}…, after a reload ${k2.slice(0, 16)}…`);
  if (k1 !== k2) await fail("the browser's practice key changed after a reload");
  console.log("web-check: OK");
} catch (e) {
  await fail(String(e));
}
await browser.close();

/** The screenshot's colours, counted in the page itself (no image library needed here). */
async function countColours(page, png) {
  return page.evaluate(async (b64) => {
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
}
