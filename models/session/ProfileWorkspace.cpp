#include "session/ProfileWorkspace.h"

#include "core/JsonReader.h"

namespace htmse {

using namespace Qt::StringLiterals;

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
    if (m_indexesLoaded || !isOpen())
        return;
    m_engine.clear();
    m_search.clear();
    buildIndexes(*m_directory, &m_engine, &m_search);
    m_indexesLoaded = true;
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
    loadIndexes();
    return m_engine;
}

SearchIndex& ProfileWorkspace::searchIndex()
{
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
    if (m_indexesLoaded) {
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
    if (m_indexesLoaded) {
        m_indexesLoaded = false;
        m_searchStale = false;
        m_engine.clear();
        m_search.clear();
    }
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
    emit closing(reason);
    m_engine.clear();
    m_search.clear();
    m_indexesLoaded = false;
    m_reading.reset();
    m_journal.reset();
    m_referrals.reset();
    m_directory.reset();
    m_audit.reset();
    m_session->lock(reason);
}

} // namespace htmse
