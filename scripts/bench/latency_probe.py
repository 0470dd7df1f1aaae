#!/usr/bin/env python3
"""Posts N Telegram updates (one chat each) to the bot and reads from the fake's log when each reply arrived:
question-to-platform latency p50/p99. Loopback only, bounded."""
import json, sys, time, urllib.request

bot, secret, arrivals_file, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sent = {}
for i in range(n):
    chat = 5_000_000 + i
    body = json.dumps({"update_id": 9_000_000 + i, "message": {"message_id": i, "date": 1621000000,
        "from": {"id": chat, "is_bot": False, "first_name": "A"}, "chat": {"id": chat, "type": "private"},
        "text": "khi nào niêm yết danh sách cử tri"}}).encode()
    req = urllib.request.Request(bot + "/webhook/telegram", data=body, method="POST",
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret})
    sent[str(chat)] = time.time()
    urllib.request.urlopen(req, timeout=5).read()
    time.sleep(0.02)
deadline = time.time() + 15
while time.time() < deadline:
    time.sleep(0.6)
    arrivals = json.load(open(arrivals_file))
    if all(c in arrivals for c in sent): break
lat = sorted((arrivals[c] - t) * 1000 for c, t in sent.items() if c in arrivals)
if not lat:
    print("latency: no replies arrived"); sys.exit(1)
print(f"question-to-fake-platform latency over {len(lat)}/{n} messages: p50 {lat[len(lat)//2]:.1f} ms, "
      f"p99 {lat[min(len(lat)-1, len(lat)*99//100)]:.1f} ms (fake logs arrivals with ~1 ms resolution)")
