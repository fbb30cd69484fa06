#include "security/Policy.h"

#include <QRegularExpression>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
int readInt(QSettings& s, const QString& key, int fallback, int min, int max, QStringList* problems)
{
    if (!s.contains(key))
        return fallback;
    bool ok = false;
    const int v = s.value(key).toInt(&ok);
    if (!ok || v < min || v > max) {
        if (problems)
            problems->append(u"%1: %2 is not a whole number from %3 to %4; using %5"_s.arg(key, s.value(key).toString())
                                 .arg(min)
                                 .arg(max)
                                 .arg(fallback));
        return fallback;
    }
    return v;
}

bool readBool(QSettings& s, const QString& key, bool fallback, QStringList* problems)
{
    if (!s.contains(key))
        return fallback;
    const QString v = s.value(key).toString().toLower();
    if (v == "true"_L1 || v == "1"_L1 || v == "yes"_L1)
        return true;
    if (v == "false"_L1 || v == "0"_L1 || v == "no"_L1)
        return false;
    if (problems)
        problems->append(u"%1: \"%2\" is not true or false; using %3"_s.arg(key, v, fallback ? u"true"_s : u"false"_s));
    return fallback;
}

int tighterMinutes(int policy, int user)
{
    // 0 means "never"; any positive value is stricter than never.
    if (policy == 0)
        return user;
    if (user == 0)
        return policy;
    return std::min(policy, user);
}
} // namespace

Policy Policy::fromSettings(QSettings& s, QStringList* problems)
{
    Policy p;
    s.beginGroup(u"policy"_s);
    p.autoLockMinutes = readInt(s, u"auto_lock_minutes"_s, p.autoLockMinutes, 0, 24 * 60, problems);
    p.allowRememberOnDevice = readBool(s, u"allow_remember_on_device"_s, p.allowRememberOnDevice, problems);
    p.minPassphraseScore = readInt(s, u"min_passphrase_score"_s, p.minPassphraseScore, 0, 4, problems);
    p.clipboardClearSeconds = readInt(s, u"clipboard_clear_seconds"_s, p.clipboardClearSeconds, 0, 3600, problems);
    p.retentionMonths = readInt(s, u"retention_months"_s, p.retentionMonths, 1, 1200, problems);
    p.consentRequiredForVictimReferrals =
        readBool(s, u"consent_required_for_victim_referrals"_s, p.consentRequiredForVictimReferrals, problems);
    p.notificationsEnabled = readBool(s, u"notifications_enabled"_s, p.notificationsEnabled, problems);
    if (s.contains(u"pinned_server_certificate_sha256"_s)) {
        const QString pin = s.value(u"pinned_server_certificate_sha256"_s).toString().remove(u':').toLower();
        static const QRegularExpression hex(u"^[0-9a-f]{64}$"_s);
        if (hex.match(pin).hasMatch())
            p.pinnedServerCertificateSha256 = pin;
        else if (problems)
            problems->append(u"pinned_server_certificate_sha256: not a SHA-256 fingerprint; ignored"_s);
    }
    s.endGroup();
    return p;
}

namespace {
constexpr QSettings::Format kPolicyFormat =
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    QSettings::NativeFormat;
#else
    QSettings::IniFormat;
#endif
} // namespace

QString Policy::systemPolicyLocation()
{
    QSettings s(kPolicyFormat, QSettings::SystemScope, u"htmse"_s, u"policy"_s);
    return s.fileName();
}

Policy Policy::system(QStringList* problems)
{
    QSettings s(kPolicyFormat, QSettings::SystemScope, u"htmse"_s, u"policy"_s);
    return fromSettings(s, problems);
}

Policy Policy::tightenedBy(const Policy& user) const
{
    Policy p = *this;
    p.autoLockMinutes = tighterMinutes(autoLockMinutes, user.autoLockMinutes);
    p.allowRememberOnDevice = allowRememberOnDevice && user.allowRememberOnDevice;
    p.minPassphraseScore = std::max(minPassphraseScore, user.minPassphraseScore);
    p.clipboardClearSeconds = tighterMinutes(clipboardClearSeconds, user.clipboardClearSeconds);
    p.retentionMonths = std::min(retentionMonths, user.retentionMonths);
    p.consentRequiredForVictimReferrals = consentRequiredForVictimReferrals || user.consentRequiredForVictimReferrals;
    p.notificationsEnabled = notificationsEnabled && user.notificationsEnabled;
    if (p.pinnedServerCertificateSha256.isEmpty())
        p.pinnedServerCertificateSha256 = user.pinnedServerCertificateSha256;
    return p;
}

} // namespace htmse
