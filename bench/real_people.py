"""Measures the ladder on real people: customer-care threads on X from
../shared/data/conversations, each company imported as its own shop, every
customer's stage and labels compared with a reader's labels
(data/people/ibm-customer-care.jsonl).

    python3 bench/real_people.py BIN DATA_FILE LABELS WORKDIR

Prints precision and recall per label and the confusions that matter
(complainers made fans or evangelists). Writes WORKDIR/verdicts.jsonl.
"""
import json
import os
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def records(threads):
    """Canonical interactions for one company's threads: the customer's
    first words are a mention of the company, every later turn replies to
    the one before; the company's turns are its replies (their times are
    not in the data: half an hour after the turn they answer)."""
    out = []
    for th in threads:
        prev_id, prev_at = None, None
        for n, turn in enumerate(th["turns"]):
            if turn["datetime"]:
                at = datetime.strptime(turn["datetime"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
                    tzinfo=timezone.utc)
            else:
                at = (prev_at or datetime(2020, 1, 1, tzinfo=timezone.utc)) + timedelta(minutes=30)
            if prev_at and at <= prev_at:
                at = prev_at + timedelta(minutes=1)
            ext = turn.get("tweet_id") or f"{th['id']}-{n}"
            brand = turn["role"] == "brand"
            out.append({
                "channel": "x",
                "external_id": ext,
                "kind": "reply" if prev_id else "mention",
                "author": {"handle": turn["author"]},
                "text": turn["text"],
                "created_at": stamp(at),
                "in_reply_to": prev_id,
                "post_id": None,
                "url": None,
                "from_brand": brand,
            })
            prev_id, prev_at = ext, at
    return out


def rapport(bin_, db, profile, *args):
    env = dict(os.environ, RAPPORT_DB=f"sqlite://{db}", RAPPORT_PROFILE=profile)
    r = subprocess.run([bin_, *args], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"rapport {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def main():
    bin_, data, labels, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    by_company = defaultdict(list)
    with open(data, encoding="utf-8") as f:
        for line in f:
            th = json.loads(line)
            by_company[th["company"]].append(th)
    gold = {}
    with open(labels, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            # Handles are matched as the store keeps them: lowercased.
            gold[g["key"].lower()] = g
    seen = {}
    for company, threads in sorted(by_company.items()):
        db = os.path.join(work, f"{company}.db")
        for suffix in ("", "-wal", "-shm", "-limits"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        profile = os.path.join(work, f"{company}.toml")
        if os.path.exists(profile):
            os.remove(profile)
        rapport(bin_, db, profile, "profile", "set", "name", company)
        rapport(bin_, db, profile, "profile", "set", "channels.x", company)
        src = os.path.join(work, f"{company}.jsonl")
        with open(src, "w", encoding="utf-8") as f:
            for r in records(threads):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        rapport(bin_, db, profile, "import", "jsonl", src, "--json")
        people = json.loads(rapport(bin_, db, profile, "people", "--json", "--limit", "100000"))
        for p in people:
            for ident in p["identities"]:
                key = f"{company}/{ident['handle']}".lower()
                if key in gold:
                    seen[key] = p
    missing = [k for k in gold if k not in seen]
    if missing:
        sys.exit(f"{len(missing)} labelled people not found, e.g. {missing[:3]}")
    with open(os.path.join(work, "verdicts.jsonl"), "w", encoding="utf-8") as f:
        for k, g in gold.items():
            p = seen[k]
            f.write(json.dumps({"key": k, "gold": g, "stage": p["stage"], "labels": p["labels"],
                                "evidence": p["evidence"]}, ensure_ascii=False) + "\n")
    report(gold, seen)


def pr(name, truth, found):
    tp = len(truth & found)
    p = tp / len(found) if found else float("nan")
    r = tp / len(truth) if truth else float("nan")
    print(f"{name:<44} gold {len(truth):>4}  found {len(found):>4}  "
          f"precision {p:.3f}  recall {r:.3f}")


def report(gold, seen):
    keys = set(gold)
    has = lambda k, label: label in seen[k]["labels"]
    unhappy = {k for k in keys if gold[k]["mood"] == "detractor"}
    troubled = {k for k in keys if gold[k]["mood"] in ("detractor", "mild")}
    print(f"{len(keys)} people, {len({k.split('/')[0] for k in keys})} companies")
    moods = defaultdict(int)
    for k in keys:
        moods[gold[k]["mood"]] += 1
    print("reader's moods:", dict(sorted(moods.items())))
    det = {k for k in keys if has(k, "detractor")}
    pr("detractor (reader: detractor)", unhappy, det)
    pr("detractor (reader: detractor or mild)", troubled, det)
    pr("evangelist", {k for k in keys if gold[k]["evangelist"]},
       {k for k in keys if has(k, "evangelist")})
    pr("fan stage (reader: fan)", {k for k in keys if gold[k]["fan"]},
       {k for k in keys if seen[k]["stage"] == "fan"})
    recovered = {k for k in keys if gold[k]["recovered"]}
    shown = {k for k in keys if any("recovered" in e.lower() for e in seen[k]["evidence"])}
    pr("recovered (in the evidence)", recovered, shown)
    bad_fan = {k for k in troubled if seen[k]["stage"] == "fan"}
    bad_ev = {k for k in troubled if has(k, "evangelist") and not gold[k]["evangelist"]}
    print(f"complainers (detractor or mild) made fans: {len(bad_fan)}; "
          f"made evangelists: {len(bad_ev)}")
    stages = defaultdict(int)
    for k in keys:
        stages[seen[k]["stage"]] += 1
    print("stages:", dict(sorted(stages.items())))


if __name__ == "__main__":
    main()
