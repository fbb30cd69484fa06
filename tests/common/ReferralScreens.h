// Helpers shared by the referral screens' tests: a small directory, keyboard driving, and a walk
// over every widget's text.
#pragma once

#include "domain/Professional.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextEdit>

namespace htmse::test {

inline Professional professional(const QString& name, const QStringList& services, const QString& language,
                                 const QString& city, const GeoPoint& point)
{
    Professional p;
    p.id = QUuid::createUuid();
    p.displayName = name;
    p.professionalTypes = {QStringLiteral("lawyer")};
    p.services = services;
    p.languages = {{language, QStringLiteral("native"), {}}};
    ServiceLocation l;
    l.city = city;
    l.country = QStringLiteral("GB");
    l.point = point;
    p.locations = {l};
    p.updatedAt = QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
    return p;
}

inline QWidget* focused()
{
    return QApplication::focusWidget();
}

inline QString focusedName()
{
    return focused() ? focused()->objectName() : QString();
}

// Presses Tab until the widget named `name` has the focus (at most `limit` times).
inline bool tabTo(const QString& name, int limit = 30)
{
    QStringList seen;
    for (int i = 0; i < limit && focusedName() != name; ++i) {
        QTest::keyClick(focused(), Qt::Key_Tab);
        seen << focusedName();
    }
    if (focusedName() != name)
        qWarning("tabbed through %s", qPrintable(seen.join(QStringLiteral(", "))));
    return focusedName() == name;
}

inline void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QTest::keyClick(focused(), key, modifiers);
}

inline void type(const QString& text)
{
    QTest::keyClicks(focused(), text);
}

// Every text a widget tree shows or tells assistive technology: what a walk over the screen finds.
inline QStringList visibleTexts(const QWidget* root)
{
    QStringList out{root->windowTitle(), root->accessibleName(), root->toolTip()};
    for (const QWidget* w : root->findChildren<QWidget*>()) {
        out << w->windowTitle() << w->accessibleName() << w->accessibleDescription() << w->toolTip();
        if (const auto* e = qobject_cast<const QLineEdit*>(w))
            out << e->text();
        if (const auto* l = qobject_cast<const QLabel*>(w))
            out << l->text();
        if (const auto* b = qobject_cast<const QAbstractButton*>(w))
            out << b->text();
        if (const auto* t = qobject_cast<const QTextEdit*>(w))
            out << t->toPlainText();
        if (const auto* t = qobject_cast<const QPlainTextEdit*>(w))
            out << t->toPlainText();
        if (const auto* c = qobject_cast<const QComboBox*>(w))
            for (int i = 0; i < c->count(); ++i)
                out << c->itemText(i);
    }
    return out;
}

// Interactive widgets without an accessible name (inner parts of composite widgets aside).
inline QStringList unnamedWidgets(const QWidget* root)
{
    QStringList out;
    for (const QWidget* w : root->findChildren<QWidget*>()) {
        if (!(w->focusPolicy() & Qt::TabFocus))
            continue;
        const QWidget* parent = w->parentWidget();
        if (qobject_cast<const QAbstractSpinBox*>(parent) || qobject_cast<const QComboBox*>(parent))
            continue; // the line edit inside a date edit or combo box is named by its owner
        if (w->accessibleName().trimmed().isEmpty())
            out << QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
    }
    return out;
}

} // namespace htmse::test
