#!/usr/bin/env node
// Loopback Cosmos DB (NoSQL API) server for tests and local runs. It creates the server of
// @vercel/cosmosdb-server itself (keep-alive instead of the CLI's "Connection: close") and fills
// the gaps the .NET SDK runs into; see README.md. Listens on 127.0.0.1 only.
"use strict";

const { randomUUID } = require("crypto");
const { createHttpServer, createHttpsServer } = require("@vercel/cosmosdb-server");

const HOST = "127.0.0.1";

function parseArgs(argv) {
  const args = {
    port: process.env.COSMOS_EMULATOR_PORT !== undefined ? Number(process.env.COSMOS_EMULATOR_PORT) : 8081,
    ssl: true,
    stdinLifeline: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    switch (argv[i]) {
      case "-p":
      case "--port":
        args.port = Number(argv[(i += 1)]);
        break;
      case "--no-ssl":
        args.ssl = false;
        break;
      case "--stdin-lifeline":
        args.stdinLifeline = true;
        break;
      case "-h":
      case "--help":
        process.stdout.write(
          "usage: node server.js [--port N (0 = any free port)] [--no-ssl] [--stdin-lifeline]\n"
        );
        process.exit(0);
        break;
      default:
        process.stderr.write(`unknown argument: ${argv[i]}\n`);
        process.exit(2);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    process.stderr.write(`invalid port: ${args.port}\n`);
    process.exit(2);
  }
  return args;
}

// The pass-through query plan: the server has exactly one partition key range, so the SDK may send
// the query as written to that range and merge nothing.
const PASS_THROUGH_PLAN = JSON.stringify({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: "None",
    top: null,
    offset: null,
    limit: null,
    orderBy: [],
    orderByExpressions: [],
    groupByExpressions: [],
    groupByAliases: [],
    aggregates: [],
    groupByAliasToAggregateType: {},
    rewrittenQuery: "",
    hasSelectValue: false,
    dCountInfo: null,
    hasNonStreamingOrderBy: false,
  },
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
});

const isTrue = (value) => typeof value === "string" && value.toLowerCase() === "true";

/** Path as the package's router sees it: no doubled leading slash, no trailing slash. */
function normalizePath(url) {
  let path = (url || "/").split("?")[0];
  if (path.startsWith("//")) path = path.slice(1);
  while (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);
  return path;
}

/** Splits /dbs/{db}/colls/{coll}/docs/{doc} into its named parts. */
function parseResource(path) {
  const segments = path.split("/").filter(Boolean).map(decodeURIComponent);
  const parts = {};
  let resourceType = "account";
  let isFeed = false;
  for (let i = 0; i < segments.length; i += 2) {
    resourceType = segments[i];
    parts[resourceType] = segments[i + 1];
    isFeed = segments[i + 1] === undefined;
  }
  return { resourceType, isFeed, db: parts.dbs, coll: parts.colls, doc: parts.docs };
}

function operationOf(req, resource) {
  const h = req.headers;
  switch (req.method) {
    case "GET":
      return resource.isFeed ? "readFeed" : "read";
    case "PUT":
      return "replace";
    case "DELETE":
      return "delete";
    case "PATCH":
      return "patch";
    case "POST":
      if (isTrue(h["x-ms-cosmos-is-query-plan-request"])) return "queryPlan";
      if (isTrue(h["x-ms-documentdb-isquery"]) || h["content-type"] === "application/query+json") return "query";
      if (isTrue(h["x-ms-documentdb-is-upsert"])) return "upsert";
      if (isTrue(h["x-ms-cosmos-is-batch-request"])) return "batch";
      return "create";
    default:
      return req.method.toLowerCase();
  }
}

/** Partition key values from the request header, or null when none is given. */
function partitionKeyOf(req) {
  const raw = req.headers["x-ms-documentdb-partitionkey"];
  if (!raw || raw === "[{}]" || raw === "[]") return null;
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return null;
  }
}

function valueAt(doc, path) {
  let value = doc;
  for (const segment of path.slice(1).split("/")) {
    if (value === null || typeof value !== "object" || !(segment in value)) return undefined;
    value = value[segment];
  }
  return value;
}

/** Calls transform(parsedBody) on the JSON body the package writes, before it goes out. */
function rewriteBody(res, transform) {
  const end = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    if (typeof chunk === "string" && chunk.length > 0) {
      let body;
      try {
        body = JSON.parse(chunk);
      } catch {
        return end(chunk, ...rest);
      }
      const replaced = transform(body);
      if (replaced !== undefined) return end(JSON.stringify(replaced), ...rest);
    }
    return end(chunk, ...rest);
  };
}

function drain(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(""));
  });
}

function sendJson(res, status, body, headers = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    connection: "keep-alive",
    "x-ms-activity-id": randomUUID(),
    "x-ms-request-charge": "0",
    ...headers,
  });
  res.end(text);
}

function createEmulator({ ssl }) {
  const server = (ssl ? createHttpsServer : createHttpServer)({ keepAlive: true });
  const [inner] = server.listeners("request");
  server.removeAllListeners("request");
  // Longer than the .NET connection pool's idle timeout (1 min), so the client never reuses a
  // connection the server is closing.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;

  /** Partition key paths per "db/coll", learned from the collection responses passing through. */
  const partitionKeyPaths = new Map();
  const stats = { total: 0, requests: {}, operations: {} };
  const faults = { down: false, status: 503, retryAfterMs: 10 };

  const count = (req, resource, operation) => {
    stats.total += 1;
    const byMethod = `${req.method} ${resource.resourceType}`;
    const byOperation = `${resource.resourceType}.${operation}`;
    stats.requests[byMethod] = (stats.requests[byMethod] || 0) + 1;
    stats.operations[byOperation] = (stats.operations[byOperation] || 0) + 1;
  };

  const control = async (req, res, path) => {
    const body = await drain(req);
    if (path === "/_stats" && req.method === "GET") return sendJson(res, 200, stats);
    if (path === "/_stats/reset" && req.method === "POST") {
      stats.total = 0;
      stats.requests = {};
      stats.operations = {};
      return sendJson(res, 200, stats);
    }
    if (path === "/_faults" && req.method === "GET") return sendJson(res, 200, faults);
    if (path === "/_faults" && req.method === "POST") {
      let input;
      try {
        input = body ? JSON.parse(body) : {};
      } catch {
        return sendJson(res, 400, { message: "body must be JSON like {\"down\":true}" });
      }
      faults.down = Boolean(input.down);
      faults.status = Number.isInteger(input.status) ? input.status : 503;
      faults.retryAfterMs = Number.isInteger(input.retryAfterMs) ? input.retryAfterMs : 10;
      return sendJson(res, 200, faults);
    }
    return sendJson(res, 404, { message: "unknown control path" });
  };

  const handle = async (req, res) => {
    const path = normalizePath(req.url);
    if (path === "/_stats" || path.startsWith("/_stats/") || path === "/_faults") return control(req, res, path);

    const resource = parseResource(path);
    const operation = operationOf(req, resource);
    count(req, resource, operation);

    if (faults.down) {
      await drain(req);
      const code = faults.status === 429 ? "TooManyRequests" : "ServiceUnavailable";
      return sendJson(res, faults.status, { code, message: "fault injected" }, {
        "x-ms-retry-after-ms": String(faults.retryAfterMs),
      });
    }

    const key = `${resource.db}/${resource.coll}`;
    const partitionKey = partitionKeyOf(req);

    if (resource.resourceType === "docs" && operation === "queryPlan") {
      await drain(req);
      return sendJson(res, 200, JSON.parse(PASS_THROUGH_PLAN));
    }

    if (resource.resourceType === "docs" && operation === "query" && partitionKey) {
      // The package would run the query over every partition (and reject a query whose WHERE
      // clause lacks the key). Let it through and keep only the rows of the requested partition.
      req.headers["x-ms-documentdb-query-enablecrosspartition"] = "True";
      const paths = partitionKeyPaths.get(key);
      if (paths && paths.length === partitionKey.length) {
        rewriteBody(res, (body) => {
          if (res.statusCode !== 200 || !Array.isArray(body.Documents)) return undefined;
          const documents = body.Documents.filter((row) => {
            if (row === null || typeof row !== "object") return true;
            return paths.every((p, i) => {
              const value = valueAt(row, p);
              // A projection without the key cannot be judged; the WHERE clause decides then.
              return value === undefined || JSON.stringify(value) === JSON.stringify(partitionKey[i]);
            });
          });
          res.setHeader("x-ms-item-count", String(documents.length));
          return { ...body, Documents: documents, _count: documents.length };
        });
      }
    }

    if (resource.resourceType === "docs" && operation === "read" && partitionKey) {
      // The package's header check dereferences the missing document (500, TypeError); its plain
      // lookup by (partition key, id) answers 404 instead.
      req.headers["x-ms-documentdb-query-enablecrosspartition"] = "True";
    }

    if (resource.resourceType === "colls") {
      if (req.method === "DELETE") partitionKeyPaths.delete(key);
      rewriteBody(res, (body) => {
        if (res.statusCode < 300 && body && body.id && body.partitionKey) {
          partitionKeyPaths.set(`${resource.db}/${body.id}`, body.partitionKey.paths || []);
        }
        return undefined;
      });
    }
    if (resource.resourceType === "dbs" && req.method === "DELETE") {
      for (const k of [...partitionKeyPaths.keys()]) if (k.startsWith(`${resource.db}/`)) partitionKeyPaths.delete(k);
    }

    return inner(req, res);
  };

  server.on("request", (req, res) => {
    handle(req, res).catch((err) => {
      process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
      if (!res.headersSent) sendJson(res, 500, { message: String(err && err.message) });
      else res.end();
    });
  });
  return server;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const server = createEmulator(args);
  server.on("error", (err) => {
    process.stderr.write(`cannot listen on ${HOST}:${args.port}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(args.port, HOST, () => {
    const { port } = server.address();
    process.stdout.write(`listening ${HOST}:${port}\n`);
    process.stdout.write(`endpoint ${args.ssl ? "https" : "http"}://${HOST}:${port}/\n`);
  });
  const stop = () => {
    server.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  if (args.stdinLifeline) {
    // The parent holds our stdin open; when it goes away (even killed), so do we.
    process.stdin.on("end", stop);
    process.stdin.on("error", stop);
    process.stdin.resume();
  }
}

if (require.main === module) main();

module.exports = { createEmulator };
