// What a consumer worker (RR_MODE=jobs, spiral/roadrunner-jobs' Consumer) gets and answers, as
// RoadRunner's jobs plugin does it: a frame with the JSON codec whose context is
// {"id","job","driver","headers","pipeline"} and whose body is the job's payload; the answer's body
// is {"type":N,"data":...}: 0 or 2 ack, 1 error (requeue when data.requeue, else ack), 3 nack
// (requeue when data.requeue), 4 requeue; data may carry delay_seconds and headers. Anything
// else is acked, as RoadRunner does (it logs and moves on).
#pragma once

#include "jobs.pb.h"
#include "server/jobs/pipeline.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rr::jobs {

std::string consumer_context(const ::jobs::v1::Job& job, const std::string& pipeline,
                             const std::string& driver);

struct ConsumerReply {
    enum class Action { ack, requeue, drop };
    Action action = Action::ack;
    std::chrono::seconds delay{0};
    std::optional<Headers> headers; // a requeue's new headers
    std::string message;            // an error's or a nack's text
    std::string problem;            // the body was not a reply (acked anyway)
};

ConsumerReply parse_consumer_reply(std::string_view body);

} // namespace rr::jobs
