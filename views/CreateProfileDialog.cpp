#include "views/CreateProfileDialog.h"

#include "security/PassphraseStrength.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>

namespace htmse {

using namespace Qt::StringLiterals;

CreateProfileDialog::CreateProfileDialog(int minScore, QWidget* parent)
    : QDialog(parent)
    , m_minScore(minScore)
    , m_name(new QLineEdit(this))
    , m_passphrase(new QLineEdit(this))
    , m_repeat(new QLineEdit(this))
    , m_strength(new QProgressBar(this))
    , m_advice(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("New profile"));
    m_name->setObjectName(u"name"_s);
    m_name->setMaxLength(64);
    m_passphrase->setObjectName(u"passphrase"_s);
    m_repeat->setObjectName(u"repeat"_s);
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_repeat->setEchoMode(QLineEdit::Password);
    m_strength->setRange(0, 4);
    m_strength->setTextVisible(false);
    m_advice->setWordWrap(true);
    m_advice->setObjectName(u"advice"_s);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Your name"), m_name);
    form->addRow(tr("Passphrase"), m_passphrase);
    form->addRow(tr("Repeat it"), m_repeat);
    form->addRow(tr("Strength"), m_strength);
    form->addRow(m_advice);
    form->addRow(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QLineEdit* edit : {m_name, m_passphrase, m_repeat})
        connect(edit, &QLineEdit::textChanged, this, &CreateProfileDialog::update);
    update();
}

QString CreateProfileDialog::profileName() const
{
    return m_name->text().trimmed();
}

SecureBytes CreateProfileDialog::takePassphrase()
{
    QByteArray utf8 = m_passphrase->text().toUtf8();
    SecureBytes out = SecureBytes::copyOf(utf8);
    utf8.fill('\0');
    m_passphrase->clear();
    m_repeat->clear();
    return out;
}

void CreateProfileDialog::update()
{
    QByteArray utf8 = m_passphrase->text().toUtf8();
    const PassphraseStrength strength = PassphraseStrength::estimate(SecureBytes::copyOf(utf8), {m_name->text()});
    utf8.fill('\0');
    m_strength->setValue(strength.score);
    const bool strongEnough = strength.score >= m_minScore;
    const bool same = m_passphrase->text() == m_repeat->text();
    QString advice;
    if (!m_passphrase->text().isEmpty() && !strongEnough)
        advice = strength.advice;
    else if (!m_repeat->text().isEmpty() && !same)
        advice = tr("The two passphrases differ.");
    else if (strongEnough)
        advice = tr("Write it down and keep it somewhere safe: nobody can recover a forgotten passphrase.");
    m_advice->setText(advice);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!profileName().isEmpty() && strongEnough && same);
}

} // namespace htmse
