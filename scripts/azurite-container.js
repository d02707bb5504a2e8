// Creates a blob container in Azurite with a Shared Key signed request, for the Azure demo of scripts/run-local.sh.
// Usage: node scripts/azurite-container.js <blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1> <container>
// The account and key are Azurite's published development account (in its documentation; not a secret).
const crypto = require("crypto");
const http = require("http");

const [endpoint, container] = process.argv.slice(2);
const account = "devstoreaccount1";
const key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const url = new URL(`${endpoint.replace(/\/$/, "")}/${container}?restype=container`);
const headers = { "x-ms-date": new Date().toUTCString(), "x-ms-version": "2021-08-06", "Content-Length": "0" };
// Shared Key for Blob: verb, eleven standard headers (all empty here), x-ms-* headers, then the canonical resource.
const stringToSign = ["PUT", "", "", "", "", "", "", "", "", "", "", "",
  `x-ms-date:${headers["x-ms-date"]}`, `x-ms-version:${headers["x-ms-version"]}`,
  `/${account}${url.pathname}\nrestype:container`].join("\n");
headers.Authorization = `SharedKey ${account}:` +
  crypto.createHmac("sha256", Buffer.from(key, "base64")).update(stringToSign, "utf8").digest("base64");

const request = http.request(url, { method: "PUT", headers }, (response) => {
  response.resume();
  // 201 created, 409 already there from an earlier run: both leave the container in place.
  if (response.statusCode === 201 || response.statusCode === 409) process.exit(0);
  console.error(`Creating container ${container} answered ${response.statusCode}`);
  process.exit(1);
});
request.on("error", (e) => { console.error(e.message); process.exit(1); });
request.end();
