// ProfileWorkspace: the one owner of an unlocked profile. Unlock creates it (the desktop's
// UnlockController and the CLI alike); it owns the session (connection and key), exactly one
// store of each kind, the audit log, the matching engine and the search index, and the policy in
// force, and it runs the after-unlock work once. Screens, item models, the CLI's verbs and sync
// work through it. Lock = the workspace is destroyed, and everything it owns with it.
#pragma once

#include "core/Clock.h"
#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"
#include "security/Policy.h"
#include "storage/AuditLog.h"
#include "storage/DirectoryStore.h"
#include "storage/ReadingStore.h"
#include "storage/ReferralStore.h"
#include "storage/Vault.h"
#include "sync/SyncJournal.h"

#include <QFutureWatcher>
#include <QObject>
#include <QSaveFile>

#include <memory>
#include <variant>

namespace htmse {

struct IndexBuildInput;
struct IndexBuildOutput;

class ProfileWorkspace : public QObject
{
    Q_OBJECT

public:
    // What unlock found: the retention purge of the office policy, the overdue follow-ups for
    // the greeting ("3 referrals overdue"), and anything that did not work (never fatal).
    struct UnlockSummary
    {
        int purged = 0;
        int overdue = 0;
        bool throttleTamperDetected = false; // the wrong-passphrase record was reset or edited
        bool auditIntact = true;             // the audit chain verified at unlock (a warning if not)
        QStringList warnings;                // plain words, no victim data
    };

    // Takes the unlocked session and runs the after-unlock work. `clock` must outlive the
    // workspace.
    static std::unique_ptr<ProfileWorkspace> open(std::unique_ptr<ProfileSession> session, const Policy& policy,
                                                  const Clock& clock = Clock::system());
    // Locks the session (reason "closed") unless close() did already.
    ~ProfileWorkspace() override;
    ProfileWorkspace(const ProfileWorkspace&) = delete;
    ProfileWorkspace& operator=(const ProfileWorkspace&) = delete;

    const ProfileInfo& profile() const { return m_session->info(); }
    // This installation's id in referral events: the profile's id.
    QString deviceId() const;
    const Policy& policy() const { return m_policy; }
    const Clock& clock() const { return m_clock; }
    const UnlockSummary& unlockSummary() const { return m_unlockSummary; }
    // The session itself: its key for "remember on this device", its connection for tests.
    ProfileSession& session() { return *m_session; }

    // Valid until close().
    DirectoryStore& directory() { return *m_directory; }
    ReferralStore& referrals() { return *m_referrals; }
    AuditLog& audit() { return *m_audit; }

    // The matching engine and the search index, built from the stored index records the first
    // time either is asked for (the desktop asks right after unlock; a CLI verb that matches or
    // searches nothing never pays for them).
    void loadIndexes();
    // The same for any store: both indexes (either may be null) from the store's index records.
    static void buildIndexes(DirectoryStore& store, MatchEngine* engine, SearchIndex* search);
    bool indexesLoaded() const { return m_indexState == IndexState::Loaded; }
    // The desktop's way: the same indexes without holding the event loop. The stored records are
    // read here a chunk per event-loop turn (the connection belongs to this thread), decoded and
    // built on a worker thread, then swapped in here; indexProgress() and indexesReady() follow.
    // Until then matchEngine() and searchIndex() are empty and indexesPreparing() is true (a
    // screen says "preparing", not "nothing found"). Locking cancels the build; directory pages
    // sync commits meanwhile are applied once the indexes are in.
    void prepareIndexes();
    bool indexesPreparing() const
    {
        return m_indexState == IndexState::Reading || m_indexState == IndexState::Building;
    }
    int indexPercent() const { return m_indexPercent; }
    MatchEngine& matchEngine();
    SearchIndex& searchIndex();

    // The directory changed underneath (an import): the indexes are rebuilt when next needed,
    // and directoryChanged() tells the item models.
    void directoryReplaced();

    // Records a referral or one of its events through the referral store (the consent rule is
    // the policy in force) and tells the item models which referral changed. A new referral is
    // audited by its kind (never its case).
    std::optional<QUuid> createReferral(const ReferralDetails& details, ReferralError* error);
    std::optional<ReferralStatus> addReferralEvent(const QUuid& referral, ReferralEventType type,
                                                   const QJsonObject& payload, ReferralError* error);
    int eraseCase(const QString& caseRef, ReferralError* error);

    // Releases what leaves the profile (an export, a letter, a print) only once its audit entry
    // is written: `file` holds the whole content, not yet committed; the entry is appended, then
    // the file committed. When the entry cannot be written nothing is released (the file is
    // cancelled) and *error says why; a commit that fails afterwards is audited as such.
    bool releaseAudited(QSaveFile& file, const QString& event, const QString& detail, QString* error);

    // Closes the database (audited with `reason`) and wipes the key; the workspace is of no use
    // afterwards and is destroyed by its owner. closing() goes out first, so whoever shows the
    // profile's data lets go of it while the database is still open.
    void close(const QString& reason);
    bool isOpen() const { return m_session && m_session->isOpen(); }

    // Sync's state in this profile: cursors, outbox, sign-in, errors, history. Valid until close().
    SyncJournal& syncJournal() { return *m_journal; }
    // What this person has read, and their progress through each course. Valid until close().
    ReadingStore& reading() { return *m_reading; }

    // A page of directory changes sync has committed: the matching engine is updated in place
    // (when it is loaded); the search index is rebuilt when next needed. directoryChanged() follows.
    void directorySynced(const QList<Professional>& upserted, const QList<QUuid>& removed);
    // Referrals sync has changed (pushed, refused, received, erased).
    void referralsSynced(const QList<QUuid>& referrals, bool erased);
    // A page of news or resources sync has committed (new, updated or withdrawn items).
    void publicationsSynced();

signals:
    void closing(const QString& reason);
    void directoryChanged();
    void referralChanged(const QUuid& referral);
    void referralsReplaced(); // many at once (erasure, purge)
    void publicationsChanged();
    void indexProgress(int percent);
    void indexesReady();

private:
    ProfileWorkspace(std::unique_ptr<ProfileSession> session, const Policy& policy, const Clock& clock);
    void runAfterUnlock();
    void readIndexChunk(quint64 generation);
    void indexesBuilt(quint64 generation);
    void cancelIndexBuild();
    void setIndexPercent(int percent);

    std::unique_ptr<ProfileSession> m_session;
    Policy m_policy;
    const Clock& m_clock;
    // Each holds a handle on the connection: they go before the session closes it.
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<DirectoryStore> m_directory;
    std::unique_ptr<ReferralStore> m_referrals;
    std::unique_ptr<SyncJournal> m_journal;
    std::unique_ptr<ReadingStore> m_reading;
    MatchEngine m_engine;
    SearchIndex m_search;
    enum class IndexState
    {
        NotLoaded,
        Reading,  // the stored records read here, a chunk per turn of the event loop
        Building, // on a worker thread
        Loaded,
    };
    IndexState m_indexState = IndexState::NotLoaded;
    bool m_indexesInBackground = false; // prepareIndexes() was asked for: rebuilds go there too
    quint64 m_indexGeneration = 0;      // a build's steps that belong to an older generation do nothing
    int m_indexPercent = 0;
    qsizetype m_indexTotal = 0;
    QString m_indexReadAfter;
    std::shared_ptr<IndexBuildInput> m_indexInput;
    QFutureWatcher<std::shared_ptr<IndexBuildOutput>>* m_indexWatcher = nullptr;
    // Directory changes sync committed during a build, in order (a removal carries no profile).
    std::vector<std::variant<Professional, QUuid>> m_changesDuringBuild;
    bool m_searchStale = false; // sync changed the directory since the search index was built
    UnlockSummary m_unlockSummary;
};

} // namespace htmse
