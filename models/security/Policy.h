// Policy: the office policy an administrator sets for every profile on a workstation, read from
// the system-wide settings (Linux: /etc/xdg/htmse/policy.conf; Windows: HKLM\Software\htmse\policy;
// macOS: /Library/Preferences/org.htmse.policy.plist). A person's own settings can only tighten it.
#pragma once

#include <QSettings>
#include <QString>

namespace htmse {

struct Policy
{
    int autoLockMinutes = 5; // 0 = never (only an administrator may choose that)
    // Keep the database key in the OS credential store, so that starting the app opens the
    // profile without the passphrase until it is next locked. Off unless the office allows it.
    bool allowRememberOnDevice = false;
    int minPassphraseScore = 3;     // zxcvbn 0..4
    int clipboardClearSeconds = 30; // 0 = never
    int retentionMonths = 24;       // closed referrals are purged after this
    bool consentRequiredForVictimReferrals = true;
    QString pinnedServerCertificateSha256; // hex; empty = system trust only
    // Desktop notifications (tray icon and messages) of follow-ups due, referrals waiting for an
    // answer and refused uploads: counts only, never while locked.
    bool notificationsEnabled = true;

    // The defaults, overridden by whatever the settings hold (bad values are ignored, with
    // the reason in *problems).
    static Policy fromSettings(QSettings& settings, QStringList* problems = nullptr);
    // The system-wide policy of this machine.
    static Policy system(QStringList* problems = nullptr);
    static QString systemPolicyLocation();

    // `user` may only make things stricter: shorter auto-lock and clipboard times, no remembering
    // when the office forbids it, higher passphrase minimum, shorter retention, consent required, notifications off.
    Policy tightenedBy(const Policy& user) const;

    friend bool operator==(const Policy&, const Policy&) = default;
};

} // namespace htmse
