#include "views/referrals/ReferralWizardWidgets.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>

namespace htmse::referralui {

QComboBox* vocabularyCombo(Vocabulary vocabulary, const QString& accessibleName, QWidget* parent,
                           const QString& noneText)
{
    auto* combo = new QComboBox(parent);
    if (!noneText.isEmpty())
        combo->addItem(noneText, QString());
    for (const QString& code : vocabularyCodes(vocabulary))
        combo->addItem(vocabularyLabel(vocabulary, code), code);
    combo->setAccessibleName(accessibleName);
    return combo;
}

QString currentCode(const QComboBox* combo)
{
    return combo->currentData().toString();
}

void selectCode(QComboBox* combo, const QString& code)
{
    const int at = combo->findData(code);
    if (at >= 0)
        combo->setCurrentIndex(at);
}

QLabel* messageLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setVisible(false);
    return label;
}

void showMessage(QLabel* label, const QString& text, bool warning)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
    // The words carry the meaning; the colour only repeats it.
    label->setStyleSheet(warning ? QStringLiteral("color: palette(text); background: #fff3cd; padding: 4px;")
                                 : QStringLiteral("color: #a4262c; padding: 2px;"));
    label->setAccessibleName(text);
}

void addRow(QFormLayout* form, const QString& labelText, QWidget* field)
{
    auto* label = new QLabel(labelText, form->parentWidget());
    label->setBuddy(field);
    if (field->accessibleName().isEmpty())
        field->setAccessibleName(QString(labelText).remove(QLatin1Char('&')));
    form->addRow(label, field);
}

} // namespace htmse::referralui
