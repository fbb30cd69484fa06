// NotificationCenter: the notices the desktop shows outside its window (tray messages), derived
// from the unlocked profile: follow-ups due today or overdue, referrals waiting for this
// professional's answer, referrals whose upload the server refused. Counts only: a notice never
// carries a case reference, a name, a note or any other text of a referral. None while locked
// (no workspace) and none when the policy in force turns them off. Each notice is raised once
// per change of its count, not at every look.
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace htmse {

class ProfileWorkspace;

class NotificationCenter : public QObject
{
    Q_OBJECT

public:
    enum class Kind
    {
        FollowUpsDueToday,
        FollowUpsOverdue,
        ReferralsAwaitingAnswer,
        UploadsRefused,
    };
    Q_ENUM(Kind)
    struct Notice
    {
        Kind kind;
        int count = 0;
        QString text; // "1 follow-up due today"
        friend bool operator==(const Notice&, const Notice&) = default;
    };

    explicit NotificationCenter(QObject* parent = nullptr);

    // The unlocked profile, or null (locked): its notices are forgotten.
    void setWorkspace(ProfileWorkspace* workspace);
    // What holds now (nothing while locked or turned off by the policy).
    QList<Notice> notices() const;
    // Looks again (also done every minute and whenever the referral log changes); raises the
    // notices whose count changed to something other than none.
    void refresh();
    static QString text(Kind kind, int count);

signals:
    void noticeRaised(const htmse::NotificationCenter::Notice& notice);
    void noticesChanged(); // the counts changed (a tray tooltip follows them)

private:
    QPointer<ProfileWorkspace> m_workspace;
    QHash<Kind, int> m_shown; // the count each kind was last raised or seen with
    QTimer m_timer;
};

} // namespace htmse
