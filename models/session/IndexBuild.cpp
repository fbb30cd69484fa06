#include "session/IndexBuild.h"

#include "domain/IndexRecord.h"

namespace htmse {

void buildIndexesOnWorker(QPromise<std::shared_ptr<IndexBuildOutput>>& promise,
                          const std::shared_ptr<const IndexBuildInput>& input)
{
    constexpr qsizetype kStep = 1000; // how often cancellation is looked at and progress told
    auto output = std::make_shared<IndexBuildOutput>();
    const qsizetype total = input->records.size();
    promise.setProgressRange(0, int(total));
    output->search.setDictionary(input->dictionary);
    for (qsizetype i = 0; i < total; ++i) {
        if (i % kStep == 0) {
            if (promise.isCanceled())
                return;
            promise.setProgressValue(int(i));
        }
        const auto record = IndexRecord::deserialize(input->records.at(i).bytes, input->dictionary);
        if (!record) {
            ++output->undecodable;
            continue;
        }
        output->engine.upsert(*record);
        output->search.add(*record, input->organisations.value(record->organisationId));
    }
    if (promise.isCanceled())
        return;
    output->search.finish();
    promise.setProgressValue(int(total));
    promise.addResult(std::move(output));
}

} // namespace htmse
