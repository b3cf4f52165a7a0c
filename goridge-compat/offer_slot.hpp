// Job offers between the master and an rr-php worker (not part of RoadRunner's protocol).
//
// When every worker is busy, the master may write a waiting job into a busy worker's pipe ahead of
// time, as an *offer*: the worker picks it up the moment it finishes its current job, without a
// round trip through the master (and without going to sleep in between). Until the worker claims
// it, the master may withdraw the offer and give the job to another worker that became free first,
// so a job never waits behind a slow request while another worker idles.
//
// Who got the job is decided by one atomic word in memory shared by the two processes:
// the master publishes (seq, offered), then either the worker swaps it to (seq, taken) before it
// starts the job, or the master swaps it to (seq, withdrawn) and the worker skips that frame.
// Jobs are numbered by their order in the pipe (1, 2, ...), which both sides count. The master
// publishes a new offer only after the worker has read past any job it withdrew (a reply to a later
// job proves that), so the slot still says "withdrawn" when the worker reaches that job.
// Plain C++ (no PHP): the server includes it too.
#pragma once

#include <atomic>
#include <cstdint>

namespace rr::offer {

enum State : uint64_t { kNone = 0, kOffered = 1, kTaken = 2, kWithdrawn = 3 };

constexpr uint64_t pack(uint64_t seq, State s) {
    return (seq << 2) | s;
}
constexpr uint64_t seq_of(uint64_t word) {
    return word >> 2;
}
constexpr State state_of(uint64_t word) {
    return static_cast<State>(word & 3);
}

// A ring of words: job `seq` uses words[seq % kWords], so a few offers can be outstanding at once.
// A word is reused only kWords jobs later, by which time the worker has read past its job (a worker
// holds at most its current job and kMaxOffers offers, and gets none while a withdrawn one may be
// unread). Three offers keep a worker fed while the master catches up with replies.
inline constexpr std::size_t kWords = 8;
inline constexpr std::size_t kMaxOffers = 3;
static_assert(kMaxOffers + 1 < kWords);

struct Slot {
    std::atomic<uint64_t> words[kWords]{};
    std::atomic<uint64_t>& word(uint64_t seq) { return words[seq % kWords]; }
};
static_assert(std::atomic<uint64_t>::is_always_lock_free, "the offer word must work across processes");

inline constexpr std::size_t kSlotBytes = 4096;

// The worker's side: may job `seq`, just read from the pipe, run here? True unless the master
// withdrew it.
inline bool claim(Slot& slot, uint64_t seq) {
    uint64_t expected = pack(seq, kOffered);
    if (slot.word(seq).compare_exchange_strong(expected, pack(seq, kTaken), std::memory_order_acq_rel)) {
        return true;
    }
    // Not offered (a plain job) or offered and claimed earlier: run it. Withdrawn: skip it.
    return !(seq_of(expected) == seq && state_of(expected) == kWithdrawn);
}

// The master's side: takes job `seq` back unless the worker has claimed it.
inline bool withdraw(Slot& slot, uint64_t seq) {
    uint64_t expected = pack(seq, kOffered);
    return slot.word(seq).compare_exchange_strong(expected, pack(seq, kWithdrawn), std::memory_order_acq_rel);
}

inline void publish(Slot& slot, uint64_t seq) {
    slot.word(seq).store(pack(seq, kOffered), std::memory_order_release);
}

} // namespace rr::offer
