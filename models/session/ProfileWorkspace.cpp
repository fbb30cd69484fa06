#include "session/ProfileWorkspace.h"

#include "core/JsonReader.h"
#include "session/IndexBuild.h"

#include <QtConcurrent/QtConcurrentRun>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
// Records read per turn of the event loop (~4 ms each at 100,000 profiles on a slow machine).
constexpr int kIndexChunk = 2000;
// The share of the progress that reading takes; decoding and building the rest.
constexpr int kIndexReadShare = 30;
} // namespace

std::unique_ptr<ProfileWorkspace> ProfileWorkspace::open(std::unique_ptr<ProfileSession> session, const Policy& policy,
                                                         const Clock& clock)
{
    if (!session || !session->isOpen())
        return nullptr;
    std::unique_ptr<ProfileWorkspace> workspace(new ProfileWorkspace(std::move(session), policy, clock));
    workspace->runAfterUnlock();
    return workspace;
}

ProfileWorkspace::ProfileWorkspace(std::unique_ptr<ProfileSession> session, const Policy& policy, const Clock& clock)
    : m_session(std::move(session))
    , m_policy(policy)
    , m_clock(clock)
    , m_audit(std::make_unique<AuditLog>(m_session->database(), clock))
    , m_directory(std::make_unique<DirectoryStore>(m_session->database()))
    , m_referrals(std::make_unique<ReferralStore>(m_session->database(), m_session->info().name,
                                                  uuidString(m_session->info().id), clock))
    , m_journal(std::make_unique<SyncJournal>(m_session->database(), *m_directory, *m_referrals, clock))
    , m_reading(std::make_unique<ReadingStore>(m_session->database(), clock))
{}

ProfileWorkspace::~ProfileWorkspace()
{
    close(u"closed"_s);
}

QString ProfileWorkspace::deviceId() const
{
    return uuidString(m_session->info().id);
}

void ProfileWorkspace::runAfterUnlock()
{
    m_unlockSummary.throttleTamperDetected = m_session->throttleTamperDetected();
    ReferralError error;
    const ReferralStore::UnlockSummary referrals = m_referrals->afterUnlock(m_policy, &error);
    m_unlockSummary.purged = referrals.purged;
    m_unlockSummary.overdue = referrals.overdue;
    if (error)
        m_unlockSummary.warnings.append(u"the retention purge did not run: %1"_s.arg(error.message));
    // Checked at every unlock; a broken chain is said, never a reason to refuse the profile.
    const AuditLog::Verification audit = m_audit->verify();
    m_unlockSummary.auditIntact = audit.intact;
    if (!audit.intact)
        m_unlockSummary.warnings.append(
            u"the audit log of this profile has been altered (%1); tell whoever looks after this office's "
            "security"_s.arg(audit.problem));
}

bool ProfileWorkspace::releaseAudited(QSaveFile& file, const QString& event, const QString& detail, QString* error)
{
    QString auditError;
    if (!isOpen() || !m_audit->append(event, detail, &auditError)) {
        file.cancelWriting();
        file.commit(); // with writing cancelled, this only discards the temporary file
        if (error)
            *error = u"the audit log could not be written, so nothing was released: %1"_s.arg(
                isOpen() ? auditError : u"the profile is locked"_s);
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        m_audit->append(event + u"-failed"_s, detail);
        return false;
    }
    return true;
}

void ProfileWorkspace::loadIndexes()
{
    if (m_indexState == IndexState::Loaded || !isOpen())
        return;
    cancelIndexBuild(); // what a background build would have read is in the store: read here now
    m_engine.clear();
    m_search.clear();
    buildIndexes(*m_directory, &m_engine, &m_search);
    m_indexState = IndexState::Loaded;
    m_searchStale = false;
}

void ProfileWorkspace::prepareIndexes()
{
    m_indexesInBackground = true;
    if (m_indexState != IndexState::NotLoaded || !isOpen())
        return;
    m_indexState = IndexState::Reading;
    m_engine.clear();
    m_search.clear();
    m_changesDuringBuild.clear();
    m_indexInput = std::make_shared<IndexBuildInput>();
    m_indexTotal = m_directory->storedIndexRecordCount();
    m_indexInput->records.reserve(m_indexTotal);
    m_indexReadAfter.clear();
    setIndexPercent(0);
    QMetaObject::invokeMethod(
        this, [this, generation = m_indexGeneration] { readIndexChunk(generation); }, Qt::QueuedConnection);
}

void ProfileWorkspace::readIndexChunk(quint64 generation)
{
    if (generation != m_indexGeneration || m_indexState != IndexState::Reading || !isOpen())
        return;
    bool ok = false;
    QList<DirectoryStore::StoredIndexRecord> chunk =
        m_directory->storedIndexRecords(m_indexReadAfter, kIndexChunk, &ok);
    const bool full = ok && chunk.size() == kIndexChunk; // a shorter chunk was the last one
    if (ok && !chunk.isEmpty())
        m_indexReadAfter = chunk.constLast().id;
    m_indexInput->records.append(std::move(chunk));
    const qsizetype read = m_indexInput->records.size();
    if (full) {
        setIndexPercent(
            int(std::min<qsizetype>(kIndexReadShare, read * kIndexReadShare / std::max<qsizetype>(1, m_indexTotal))));
        QMetaObject::invokeMethod(
            this, [this, generation] { readIndexChunk(generation); }, Qt::QueuedConnection);
        return;
    }
    // Profiles without a stored record (or a failed read) need the documents: the synchronous
    // path rebuilds them and writes them back, so this happens once per profile format.
    if (!ok || m_directory->storedIndexRecordCount() < m_directory->stats().professionals) {
        loadIndexes();
        setIndexPercent(100);
        emit indexesReady();
        return;
    }
    // Word numbers are only ever appended, so the dictionary read now covers every record read.
    m_indexInput->dictionary = m_directory->wordDictionary();
    m_indexInput->organisations = m_directory->organisationNames();
    m_indexState = IndexState::Building;
    setIndexPercent(kIndexReadShare);
    m_indexWatcher = new QFutureWatcher<std::shared_ptr<IndexBuildOutput>>(this);
    connect(m_indexWatcher, &QFutureWatcherBase::progressValueChanged, this, [this](int value) {
        if (m_indexWatcher)
            setIndexPercent(kIndexReadShare + int(qint64(value) * (100 - kIndexReadShare) /
                                                  std::max(1, m_indexWatcher->progressMaximum())));
    });
    connect(m_indexWatcher, &QFutureWatcherBase::finished, this, [this, generation] { indexesBuilt(generation); });
    // The worker gets the records and owns them from here; nothing of the workspace goes with it.
    std::shared_ptr<const IndexBuildInput> input = std::move(m_indexInput);
    m_indexWatcher->setFuture(QtConcurrent::run(&buildIndexesOnWorker, std::move(input)));
}

void ProfileWorkspace::indexesBuilt(quint64 generation)
{
    if (generation != m_indexGeneration || m_indexState != IndexState::Building || !m_indexWatcher || !isOpen())
        return;
    const QFuture<std::shared_ptr<IndexBuildOutput>> future = m_indexWatcher->future();
    m_indexWatcher->deleteLater();
    m_indexWatcher = nullptr;
    const std::shared_ptr<IndexBuildOutput> built =
        !future.isCanceled() && future.resultCount() > 0 ? future.result() : nullptr;
    if (!built || built->undecodable > 0) {
        // Records of another format or damaged: rebuilt from their documents and written back.
        m_indexState = IndexState::NotLoaded;
        loadIndexes();
    } else {
        m_engine = std::move(built->engine);
        m_search = std::move(built->search);
        m_indexState = IndexState::Loaded;
        m_searchStale = false;
        // Pages sync committed during the build: the engine takes them in order; the search
        // index, which has no removal, is rebuilt when next asked for.
        for (const auto& change : std::as_const(m_changesDuringBuild)) {
            if (const auto* p = std::get_if<Professional>(&change))
                m_engine.upsert(*p);
            else
                m_engine.remove(std::get<QUuid>(change));
            m_searchStale = true;
        }
    }
    m_changesDuringBuild.clear();
    setIndexPercent(100);
    emit indexesReady();
}

void ProfileWorkspace::cancelIndexBuild()
{
    ++m_indexGeneration; // queued reads and a late "finished" of the old build do nothing
    if (m_indexWatcher) {
        disconnect(m_indexWatcher, nullptr, this, nullptr);
        m_indexWatcher->cancel(); // the worker stops at its next look; it owns all it touches
        m_indexWatcher->deleteLater();
        m_indexWatcher = nullptr;
    }
    m_indexInput.reset();
    m_changesDuringBuild.clear();
    if (indexesPreparing())
        m_indexState = IndexState::NotLoaded;
}

void ProfileWorkspace::setIndexPercent(int percent)
{
    if (percent == m_indexPercent)
        return;
    m_indexPercent = percent;
    emit indexProgress(percent);
}

void ProfileWorkspace::buildIndexes(DirectoryStore& store, MatchEngine* engine, SearchIndex* search)
{
    const QHash<QUuid, QString> organisations = search ? store.organisationNames() : QHash<QUuid, QString>();
    // Records read from the store carry the store's word numbers: the index adopts that
    // numbering before the first record; records rebuilt from documents carry text.
    if (search)
        search->setDictionary(store.wordDictionary());
    store.forEachIndexRecord([&](const IndexRecord& record) {
        if (engine)
            engine->upsert(record);
        if (search)
            search->add(record, organisations.value(record.organisationId));
    });
    if (search)
        search->finish();
}

MatchEngine& ProfileWorkspace::matchEngine()
{
    if (!indexesPreparing())
        loadIndexes();
    return m_engine; // empty while a background build runs
}

SearchIndex& ProfileWorkspace::searchIndex()
{
    if (indexesPreparing())
        return m_search; // empty until the build is swapped in
    loadIndexes();
    if (m_searchStale) {
        m_search.clear();
        buildIndexes(*m_directory, nullptr, &m_search);
        m_searchStale = false;
    }
    return m_search;
}

void ProfileWorkspace::directorySynced(const QList<Professional>& upserted, const QList<QUuid>& removed)
{
    if (indexesPreparing()) {
        for (const Professional& p : upserted)
            m_changesDuringBuild.emplace_back(p);
        for (const QUuid& id : removed)
            m_changesDuringBuild.emplace_back(id);
    } else if (m_indexState == IndexState::Loaded) {
        for (const Professional& p : upserted)
            m_engine.upsert(p);
        for (const QUuid& id : removed)
            m_engine.remove(id);
        // The search index has no removal: it is rebuilt from the stored records on next use.
        m_searchStale = m_searchStale || !upserted.isEmpty() || !removed.isEmpty();
    }
    emit directoryChanged();
}

void ProfileWorkspace::publicationsSynced()
{
    emit publicationsChanged();
}

void ProfileWorkspace::referralsSynced(const QList<QUuid>& referrals, bool erased)
{
    if (erased || referrals.size() > 1) {
        emit referralsReplaced();
        return;
    }
    for (const QUuid& id : referrals)
        emit referralChanged(id);
}

void ProfileWorkspace::directoryReplaced()
{
    cancelIndexBuild();
    m_indexState = IndexState::NotLoaded;
    m_searchStale = false;
    m_engine.clear();
    m_search.clear();
    // The desktop builds again in the background, so the models see "preparing", not a stall.
    if (m_indexesInBackground)
        prepareIndexes();
    emit directoryChanged();
}

std::optional<QUuid> ProfileWorkspace::createReferral(const ReferralDetails& details, ReferralError* error)
{
    const auto id = m_referrals->create(details, m_policy, error);
    if (id) {
        // The kind only: no case reference, no recipient.
        m_audit->append(QStringLiteral("referral-created"), QStringLiteral("kind: %1").arg(details.kind));
        emit referralChanged(*id);
    }
    return id;
}

std::optional<ReferralStatus> ProfileWorkspace::addReferralEvent(const QUuid& referral, ReferralEventType type,
                                                                 const QJsonObject& payload, ReferralError* error)
{
    const auto status = m_referrals->addEvent(referral, type, payload, error);
    if (status)
        emit referralChanged(referral);
    return status;
}

int ProfileWorkspace::eraseCase(const QString& caseRef, ReferralError* error)
{
    const int erased = m_referrals->eraseCase(caseRef, error);
    if (erased > 0)
        emit referralsReplaced();
    return erased;
}

void ProfileWorkspace::close(const QString& reason)
{
    if (!isOpen())
        return;
    cancelIndexBuild();
    emit closing(reason);
    m_engine.clear();
    m_search.clear();
    m_indexState = IndexState::NotLoaded;
    m_reading.reset();
    m_journal.reset();
    m_referrals.reset();
    m_directory.reset();
    m_audit.reset();
    m_session->lock(reason);
}

} // namespace htmse
