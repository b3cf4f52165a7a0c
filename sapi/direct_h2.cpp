#include "direct_h2.hpp"

#include "goridge-compat/h2_fields.hpp"
#include "goridge-compat/http1_response.hpp"
#include "goridge-compat/text.hpp"
#include "goridge-compat/trailers.hpp"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <unistd.h>
#include <vector>

namespace rr::sapi {
struct DirectH2::Callbacks {
    static DirectH2& self(void* user) { return *static_cast<DirectH2*>(user); }

    static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        if (frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST) {
            Stream& st = self(user).streams_[frame->hd.stream_id];
            st.req.version_major = 2;
            st.req.version_minor = 0;
        }
        return 0;
    }

    static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name_p, size_t namelen,
                         const uint8_t* value_p, size_t valuelen, uint8_t, void* user) {
        auto& s = self(user);
        Stream* st = s.find(frame->hd.stream_id);
        if (st == nullptr) {
            return 0; // trailers of a stream no longer tracked
        }
        // HPACK bomb: a small block that decodes into a huge header list resets its stream.
        st->header_bytes += namelen + valuelen + 32;
        if (st->header_bytes > s.limits_.max_header_bytes) {
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // nghttp2 resets the stream
        }
        http::add_h2_request_field(st->req, std::string_view(reinterpret_cast<const char*>(name_p), namelen),
                                   std::string_view(reinterpret_cast<const char*>(value_p), valuelen));
        return 0;
    }

    static int on_data_chunk(nghttp2_session*, uint8_t, int32_t stream_id, const uint8_t* data, size_t len,
                             void* user) {
        auto& s = self(user);
        Stream* st = s.find(stream_id);
        if (st == nullptr || st->too_large) {
            return 0;
        }
        if (st->req.body.size() + len > s.limits_.max_body_bytes) {
            st->too_large = true; // answered at once (413); nghttp2 resets the rest of the upload
            std::string().swap(st->req.body);
            if (!st->queued) {
                st->queued = true;
                s.ready_.push_back(stream_id);
            }
            return 0;
        }
        st->req.body.append(reinterpret_cast<const char*>(data), len);
        return 0;
    }

    static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        auto& s = self(user);
        if ((frame->hd.type == NGHTTP2_HEADERS || frame->hd.type == NGHTTP2_DATA) &&
            (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0) {
            Stream* st = s.find(frame->hd.stream_id);
            if (st != nullptr && !st->queued) {
                st->queued = true;
                s.ready_.push_back(frame->hd.stream_id);
            }
        }
        return 0;
    }

    static int on_stream_close(nghttp2_session*, int32_t stream_id, uint32_t, void* user) {
        self(user).forget(stream_id); // (a queued id that is gone is skipped by next_ready())
        return 0;
    }

    // nghttp2 asks for the next DATA frame's bytes.
    static ssize_t read(nghttp2_session* session, int32_t stream_id, uint8_t* buf, size_t length,
                        uint32_t* flags, nghttp2_data_source*, void* user) {
        Stream* st = self(user).find(stream_id);
        if (st == nullptr) {
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        }
        std::size_t n = 0;
        while (n < length && !st->out.empty()) {
            Segment& seg = st->out.front();
            if (seg.file) {
                const auto want = static_cast<std::size_t>(std::min<uint64_t>(seg.length, length - n));
                const ssize_t got = ::pread(seg.file.get(), buf + n, want, static_cast<off_t>(seg.offset));
                if (got <= 0) {
                    if (got < 0 && errno == EINTR) {
                        continue;
                    }
                    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE; // the file shrank: the stream is reset
                }
                n += static_cast<std::size_t>(got);
                seg.offset += static_cast<uint64_t>(got);
                seg.length -= static_cast<uint64_t>(got);
                if (seg.length == 0) {
                    st->out.pop_front();
                    --self(user).open_files_;
                }
                continue;
            }
            const std::size_t take = std::min(seg.bytes.size() - seg.pos, length - n);
            std::copy_n(seg.bytes.data() + seg.pos, take, buf + n);
            n += take;
            seg.pos += take;
            st->buffered -= take;
            if (seg.pos == seg.bytes.size()) {
                st->out.pop_front();
            }
        }
        if (st->out.empty() && st->eof) {
            *flags |= NGHTTP2_DATA_FLAG_EOF;
            if (st->want_trailers) {
                *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
                http::H2Fields f;
                f.add_all(st->trailers, http::field_ok);
                auto& nva = f.nva();
                nghttp2_submit_trailer(session, stream_id, nva.data(), nva.size());
            }
            return static_cast<ssize_t>(n);
        }
        if (n == 0) {
            st->deferred = true; // PHP streams its answer: more comes with body()
            return NGHTTP2_ERR_DEFERRED;
        }
        return static_cast<ssize_t>(n);
    }
};

DirectH2::DirectH2(const Limits& limits) : limits_(limits) {
    nghttp2_session_callbacks* cbs = nullptr;
    nghttp2_session_callbacks_new(&cbs);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, &Callbacks::on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cbs, &Callbacks::on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, &Callbacks::on_data_chunk);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, &Callbacks::on_frame_recv);
    nghttp2_session_callbacks_set_on_stream_close_callback(cbs, &Callbacks::on_stream_close);
    nghttp2_option* opt = nullptr;
    nghttp2_option_new(&opt);
    // Floods end the connection, as in the master: SETTINGS/PING acks owed, more than 1000 resets
    // in a burst (then 33 a second), endless CONTINUATION frames.
    nghttp2_option_set_max_outbound_ack(opt, 1000);
    nghttp2_option_set_max_settings(opt, 32);
    nghttp2_option_set_stream_reset_rate_limit(opt, 1000, 33);
    nghttp2_option_set_max_continuations(opt, 8);
    nghttp2_session_server_new2(&session_, cbs, this, opt);
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cbs);
    const std::array<nghttp2_settings_entry, 3> iv{{
        {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, limits_.max_concurrent_streams},
        {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<uint32_t>(limits_.max_header_bytes)},
        {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20},
    }};
    nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, iv.data(), iv.size());
    // The connection window too: bodies up to a megabyte arrive without waiting for updates.
    nghttp2_session_set_local_window_size(session_, NGHTTP2_FLAG_NONE, 0, 1 << 20);
}

DirectH2::~DirectH2() {
    nghttp2_session_del(session_);
}

void DirectH2::forget(int32_t id) {
    const auto it = streams_.find(id);
    if (it == streams_.end()) {
        return;
    }
    for (const Segment& seg : it->second.out) {
        open_files_ -= seg.file ? 1 : 0;
    }
    streams_.erase(it);
}

uint64_t DirectH2::buffered(int32_t id) const {
    const auto it = streams_.find(id);
    return it == streams_.end() ? 0 : it->second.buffered;
}

DirectH2::Stream* DirectH2::find(int32_t id) {
    const auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : &it->second;
}

bool DirectH2::feed(const char* data, std::size_t n) {
    if (failed_) {
        return false;
    }
    const ssize_t rv = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(data), n);
    failed_ = rv < 0;
    return !failed_;
}

bool DirectH2::produce(std::string& out, std::size_t max) {
    while (!failed_ && out.size() < max) {
        const uint8_t* data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(session_, &data);
        if (n < 0) {
            failed_ = true;
        } else if (n == 0) {
            break;
        } else {
            out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
        }
    }
    return !failed_;
}

bool DirectH2::finished() const {
    return failed_ || (nghttp2_session_want_read(session_) == 0 && nghttp2_session_want_write(session_) == 0);
}

int32_t DirectH2::next_ready() {
    while (!ready_.empty()) {
        const int32_t id = ready_.front();
        ready_.pop_front();
        if (find(id) != nullptr) {
            last_handed_ = std::max(last_handed_, id);
            return id; // (reset in the same read: it never reaches PHP)
        }
    }
    return 0;
}

http::Request& DirectH2::request(int32_t id) {
    return streams_.at(id).req;
}

bool DirectH2::too_large(int32_t id) const {
    const auto it = streams_.find(id);
    return it != streams_.end() && it->second.too_large;
}

bool DirectH2::start(int32_t id, int status, const goridge::HeaderList& headers,
                     std::optional<uint64_t> length) {
    Stream* st = find(id);
    if (st == nullptr || st->started) {
        return false;
    }
    st->started = true;
    const bool named_trailers = std::any_of(headers.begin(), headers.end(),
                                            [](const auto& h) { return text::iequals(h.first, "Trailer"); });
    goridge::HeaderList head;
    if (named_trailers) {
        head = headers;
        http::Trailers t = http::take_trailers(head);
        st->want_trailers = t.announced;
        st->trailers = std::move(t.fields);
    }
    http::H2Fields f;
    f.add(":status", std::to_string(status));
    f.add_all(named_trailers ? head : headers, http::field_ok);
    f.add("date", http::http_date());
    const bool no_body =
        !http::status_has_body(status) || st->req.head() || (length && *length == 0 && !st->want_trailers);
    if (length && http::status_has_body(status) && !st->want_trailers) {
        f.add("content-length", std::to_string(*length));
    }
    auto& nva = f.nva();
    if (no_body) {
        st->eof = true;
        return nghttp2_submit_response(session_, id, nva.data(), nva.size(), nullptr) == 0;
    }
    nghttp2_data_provider prd{};
    prd.read_callback = &Callbacks::read;
    return nghttp2_submit_response(session_, id, nva.data(), nva.size(), &prd) == 0;
}

void DirectH2::body(int32_t id, std::string_view bytes, bool last) {
    Stream* st = find(id);
    if (st == nullptr || !st->started || st->eof) {
        return;
    }
    if (!bytes.empty()) {
        Segment seg;
        seg.bytes.assign(bytes);
        st->buffered += bytes.size();
        st->out.push_back(std::move(seg));
    }
    st->eof = last;
    if (st->deferred) {
        st->deferred = false;
        nghttp2_session_resume_data(session_, id);
    }
}

void DirectH2::file(int32_t id, FileHandle f, uint64_t offset, uint64_t length) {
    Stream* st = find(id);
    if (st == nullptr || !st->started || st->eof) {
        return;
    }
    if (length > 0) {
        Segment seg;
        seg.file = std::move(f);
        seg.offset = offset;
        seg.length = length;
        st->out.push_back(std::move(seg));
        ++open_files_;
    }
    st->eof = true;
    if (st->deferred) {
        st->deferred = false;
        nghttp2_session_resume_data(session_, id);
    }
}

void DirectH2::interim(int32_t id, int status, const goridge::HeaderList& headers) {
    Stream* st = find(id);
    if (st == nullptr || st->started || status == 101 || status < 100 || status > 199) {
        return;
    }
    http::H2Fields f;
    f.add(":status", std::to_string(status));
    f.add_all(headers, http::field_ok);
    auto& nva = f.nva();
    nghttp2_submit_headers(session_, NGHTTP2_FLAG_NONE, id, nullptr, nva.data(), nva.size(), nullptr);
}

void DirectH2::reset(int32_t id) {
    if (find(id) != nullptr) {
        nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
    }
}

void DirectH2::abandon() {
    if (failed_) {
        return;
    }
    stopping_ = true;
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, last_handed_, NGHTTP2_NO_ERROR, nullptr, 0);
}

void DirectH2::shutdown() {
    if (stopping_ || failed_) {
        return;
    }
    stopping_ = true;
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
}

} // namespace rr::sapi
