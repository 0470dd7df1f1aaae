#!/usr/bin/env python3
"""A minimal fake Telegram Bot API for benchmarks: answers every call like the platform and logs when each
sendMessage for a chat arrives (for question-to-platform latency). Loopback only."""
import json, sys, time, threading
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

arrivals = {}
lock = threading.Lock()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(n)
        if self.path.endswith("/sendMessage"):
            try:
                chat = str(json.loads(body).get("chat_id"))
                with lock:
                    arrivals.setdefault(chat, time.time())
            except Exception:
                pass
            out = b'{"ok":true,"result":{"message_id":1}}'
        elif self.path.endswith("/getMe"):
            out = b'{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"B","username":"bench_bot"}}'
        else:
            out = b'{"ok":true,"result":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    do_GET = do_POST

if __name__ == "__main__":
    port = int(sys.argv[1])
    out = sys.argv[2]
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        while True:
            time.sleep(0.5)
            with lock:
                snapshot = dict(arrivals)
            with open(out + ".tmp", "w") as f:
                json.dump(snapshot, f)
            import os
            os.replace(out + ".tmp", out)
    except KeyboardInterrupt:
        pass
