#!/usr/bin/env python3
"""Check a Qauipsiz ledger export without Qauipsiz: Python 3.8+ standard library only.

    python3 verify_ledger.py ledger-export.json

For every entry it recomputes the SHA-256 of the recorded content and of the entry itself, and checks that each entry
follows the one before it (numbers without gaps, each entry carrying the previous entry's hash). An export that starts
in the middle of the chain is anchored on the hash of the entry before its first one, as written in the file; compare
that hash, or the last entry's, with a digest printed or time-stamped earlier to prove that nothing before it changed.
An export without an end date must reach the chain head it names, and pass through the latest digest it carries.
Exit status 0: the file is intact; 1: something was altered, removed, inserted or re-ordered (each case is listed).
"""

import hashlib
import json
import sys

GENESIS_HASH = "0" * 64
HASHED_FIELDS = ("organisation", "seq", "recorded_at", "action", "actor_user", "actor_person", "actor_role",
                 "actor_name", "object_type", "object_id", "object_repr", "content_hash", "prev_hash")


def canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check(export: dict) -> list:
    problems = []
    anchor = export.get("anchor") or {"seq": 0, "hash": GENESIS_HASH}
    expected_seq, expected_prev = anchor["seq"] + 1, anchor["hash"]
    for entry in export["entries"]:
        seq = entry.get("seq")
        label = f"entry #{seq} ({entry.get('action')} {entry.get('object_type')}:{entry.get('object_id')})"
        if seq != expected_seq:
            problems.append(f"{label}: number {seq} where {expected_seq} was expected "
                            "(entries removed, inserted or re-ordered)")
        if sha256_hex(entry["content"]) != entry["content_hash"]:
            problems.append(f"{label}: the recorded content was altered")
        if sha256_hex(canonical_json({k: entry[k] for k in HASHED_FIELDS})) != entry["entry_hash"]:
            problems.append(f"{label}: the entry was altered")
        if entry["prev_hash"] != expected_prev:
            problems.append(f"{label}: it does not follow the previous entry")
        expected_seq, expected_prev = (seq or 0) + 1, entry["entry_hash"]
    last_seq, last_hash = expected_seq - 1, expected_prev
    head = export.get("head")
    if export.get("complete_to_head", True):
        if not head:
            problems.append("the export claims to reach the chain head but names none")
        elif (head["seq"], head["hash"]) != (last_seq, last_hash):
            problems.append(f"the export ends at #{last_seq} but the chain head at export time was #{head['seq']} "
                            "(entries missing at the end)")
    digest = export.get("latest_digest")
    if digest:
        hashes = {entry.get("seq"): entry.get("entry_hash") for entry in export["entries"]}
        hashes[anchor["seq"]] = anchor["hash"]
        if digest["seq"] in hashes and hashes[digest["seq"]] != digest["hash"]:
            problems.append(f"entry #{digest['seq']} differs from the digest of {digest.get('created_at')} "
                            "(history rewritten since)")
        elif export.get("complete_to_head", True) and digest["seq"] > last_seq:
            problems.append(f"the chain ends at #{last_seq}, before the digest of {digest.get('created_at')} at "
                            f"#{digest['seq']} (entries removed since)")
    return problems


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__.strip())
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        export = json.load(handle)
    if export.get("format") != "qauipsiz-ledger/1":
        print(f"not a Qauipsiz ledger export (format {export.get('format')!r})")
        return 2
    problems = check(export)
    organisation = export.get("organisation", {})
    entries = export["entries"]
    if problems:
        print(f"BROKEN: {organisation.get('name')} (BIN {organisation.get('bin')}), {len(entries)} entries checked, "
              f"{len(problems)} problems:")
        for problem in problems:
            print("  " + problem)
        return 1
    last = entries[-1] if entries else None
    tail = f", last #{last['seq']} {last['entry_hash']}" if last else ""
    print(f"OK: {organisation.get('name')} (BIN {organisation.get('bin')}), {len(entries)} entries intact{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
