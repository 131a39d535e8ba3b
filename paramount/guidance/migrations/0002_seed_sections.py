"""The first version of the telling-the-child guidance, written as the partner organisation
would write it for parents and carers. Managers edit it from then on (each edit is a new
version; these rows stay as version 1, edited by nobody: "seeded").

The words are frozen here on purpose: a later change to the guidance is a manager's edit, not
a change to this migration.
"""

from django.db import migrations
from django.utils import timezone

YOUNGER = ["UNDER_5", "5_TO_10"]
OLDER = ["11_TO_15", "16_TO_17"]

SECTIONS = [
    {
        "key": "before-you-start",
        "position": 10,
        "title": "Before you talk",
        "body": """\
Children cope best when they are told the truth, in words that fit their age, by someone they trust. Most children already sense that something is wrong. If nobody explains, they fill the gap with their own ideas, which are often more frightening than the truth, or they hear it from someone else: another child, a neighbour, the internet.

You do not have to do this perfectly, and you do not have to do it all at once. Telling a child is usually a conversation that carries on over weeks and months, not a single talk.

Before you start:
- Decide with the other adults close to your child what you will say, so that your child hears the same story from everyone.
- Choose a quiet time when you will not be rushed, not just before school or bedtime.
- Think about where your child feels safe: at home, on a walk, in the car.
- It is all right to be upset in front of your child. Tell them that you are sad, and that it is not their fault that you are sad.
- The examples on this sheet say Mum, Dad, Mummy or Daddy. Use the words your family uses.
- If you have already told your child something else (that their parent is working away, or in hospital), you can still put it right. Say that you did not tell them the whole truth because you were trying to protect them, and that you want to be honest now.""",
    },
    {
        "key": "explaining-prison-under-5",
        "position": 20,
        "age_bands": ["UNDER_5"],
        "title": "Explaining prison to a child under 5",
        "body": """\
Very young children understand what they can see and touch. Keep your words short, simple and true, and expect to say them many times.

You could say:
- "Daddy (or Mummy) has broken a rule that grown-ups have to follow, and he has to live in a place called prison for a while."
- "Prison is a place where grown-ups go when they have broken an important rule. There are people there who make sure he has food and a bed."
- "It is not because of anything you did. It is not your fault."
- "Daddy still loves you very much, and it is all right for you to love him and miss him."

Young children often think that something they did, said or wished made a parent go away. Tell them more than once that it is not their fault.

Avoid telling a young child their parent is "away", "working" or "on holiday". They may worry that you will go away too, or become frightened when other people go to work. A small child may also repeat what you say, so a simple true sentence works better than a story they will later have to unlearn.

Young children show their feelings through play and behaviour more than words. They may become clingy, wake in the night or go back to things they had grown out of, such as wetting the bed. This is normal. Keep their routines as steady as you can, and give them lots of reassurance about who will look after them.""",
    },
    {
        "key": "explaining-prison-5-to-10",
        "position": 20,
        "age_bands": ["5_TO_10"],
        "title": "Explaining prison to a child aged 5 to 10",
        "body": """\
Children of this age can understand that people make wrong choices and that there are consequences. They will want to know what prison is like and whether their parent is safe.

You could say:
- "Mum has done something that was against the law. A court (a place where people decide what happens when someone breaks the law) has said she has to stay in prison for a while."
- "Prison is a building where people have to stay. She has her own room, called a cell, and she gets meals and can see a doctor. There are staff who look after everyone."
- "Mum made a wrong choice. That does not make her a bad person, and it is not your fault. Nothing you did or said made this happen."
- "You can still love Mum. You can be cross with her and love her at the same time."

Children this age often have lots of questions, sometimes at unexpected moments. Answer the question they ask, simply and honestly. If you do not know the answer, say so: "I don't know yet, but I will tell you when I find out."

They may worry about whether their parent is safe, whether they are lonely, and whether they have enough to eat. Reassure them about the everyday things: meals, a bed, people to talk to.

Some children this age decide they must be very good so that they do not cause any more trouble, and hide how they feel. Others become angry or act up. Let your child know that any feeling is allowed, and that they can always come and ask you about it.""",
    },
    {
        "key": "explaining-prison-11-to-15",
        "position": 20,
        "age_bands": ["11_TO_15"],
        "title": "Explaining prison to a child aged 11 to 15",
        "body": """\
Young people of this age understand more than adults often expect, and many will look things up for themselves. Being honest with them now protects your relationship with them later.

Tell them:
- That their parent is in prison, why in general terms, and what happens next (a trial, a sentence, or the time left to serve).
- That it is not their fault and not their responsibility to fix.
- That their feelings are their own. They may feel angry, ashamed, worried, relieved, or all of these at once. They can love their parent and be angry with them too.
- That they do not have to tell anyone they do not want to, and that there are people they can talk to who will not judge them.

Expect questions about fairness, about the crime itself and about what other people will think. Answer honestly. If they ask for detail you do not think is right to share, you can say: "I will tell you the main things truthfully, but some details are for the adults to deal with."

Young people this age may try to protect you by not showing how they feel, or may take on extra jobs at home. Notice and thank them, but tell them it is your job to look after the family, not theirs.

They may also search online or on social media. Ask them to come to you with what they find, and agree together what they will say if friends ask.""",
    },
    {
        "key": "explaining-prison-16-to-17",
        "position": 20,
        "age_bands": ["16_TO_17"],
        "title": "Explaining prison to a young person aged 16 or 17",
        "body": """\
Older teenagers are close to adulthood and will expect to be told the truth as an adult would. Many will already know or guess a lot. Treat them as someone who can be trusted with the facts, while remembering they are still young and still need looking after.

Tell them:
- What has happened, what the charge or conviction is, and what is likely to happen next.
- Where the parent is, and how contact works: they can choose whether and how to be in touch.
- That it is not their fault and not their job to hold the family together.
- That whatever they feel about their parent, including not wanting contact for now, is allowed, and can change.

A young person this age may want a say in decisions: whether to visit, what to say to friends, college or work. Involve them where you can.

They may be dealing with this while facing exams, starting college, an apprenticeship or a first job. Let them know they can tell a tutor or manager in confidence, and that you will help them decide who needs to know.

Some young people become very protective of the parent in prison, or very angry. Both are understandable. Keep talking, and let them know about support just for them: our young people's services and, if they want it, a mentor of their own.""",
    },
    {
        "key": "staying-in-touch-younger",
        "position": 40,
        "age_bands": YOUNGER,
        "title": "Visits, calls and letters",
        "body": """\
Most children want to stay in touch with a parent in prison, and regular, safe contact usually helps them. Whether and how your child has contact is a decision for the adults and, where there are safety concerns, for the professionals involved. Your practitioner can help you think it through.

What to tell your child:
- "You can still send Daddy drawings and letters, and he can write back to you."
- "He can phone us sometimes. He has to ring us; we cannot ring him."
- "We can visit him in a big room where lots of families visit. There will be officers there, and we will have to go through some checks at the door, a bit like at an airport."

Before a first visit, explain what will happen step by step: the journey, waiting, the checks (your child may be searched gently, or a dog may sniff your bags), the visits hall, and that their parent may be wearing a bib or sitting at a fixed table. Tell them how long the visit will be and that saying goodbye can be hard.

Many prisons have a visitors' centre and family days with activities for children. Some offer video calls. Ask your practitioner what the prison offers.

After a visit or call, children may be upset, quiet or cross. This does not mean the contact was wrong; it means it matters to them. Give them time and a cuddle, and let them talk about it if they want to.""",
    },
    {
        "key": "staying-in-touch-older",
        "position": 40,
        "age_bands": OLDER,
        "title": "Visits, calls and letters",
        "body": """\
Young people should have a say in whether and how they stay in touch. Some want as much contact as possible; some need time before they are ready; some do not want contact at all for now. All of these are understandable, and they can change their mind. Where there are safety concerns, contact is decided with the professionals involved.

Explain how contact works:
- Letters can be sent at any time. Many prisons also have an email-a-prisoner service, with replies by letter.
- The parent can phone out to numbers the prison has approved. Your young person's number can be added if you agree.
- Visits must be booked. Anyone under 18 visits with an adult, and everyone goes through security checks.
- Some prisons offer video calls and family days.

Help them prepare for a first visit: what the prison looks like, the checks, that the visit is watched by staff, and that it will end at a set time. It can help to think beforehand about what they want to talk about.

Let them know they do not have to pass on messages between adults, or keep secrets for anyone.""",
    },
    {
        "key": "who-knows-and-school-younger",
        "position": 50,
        "age_bands": YOUNGER,
        "title": "Who else knows, and nursery or school",
        "body": """\
Children need to know who they can talk to. Tell your child which grown-ups know what has happened, so they are not left wondering whether it is a secret.

You could say: "Grandma knows, and your teacher knows, so you can talk to them about Daddy if you want to. You don't have to tell other children if you don't want to."

Telling nursery or school:
- With your agreement, we can help you tell the school in confidence, usually the designated safeguarding lead or your child's class teacher. They can then look out for your child, and make sense of changes in behaviour or concentration.
- Agree with the school who else will be told. Most families want only a few staff to know.
- Ask the school to let you know if your child seems upset, and to be careful with topics such as Father's Day or Mother's Day, family trees or books about crime and police.

If your child wants to say something to their friends, help them find simple words, such as "My dad isn't living with us at the moment." They can keep the rest private.""",
    },
    {
        "key": "who-knows-and-school-older",
        "position": 50,
        "age_bands": OLDER,
        "title": "Who else knows, friends and school",
        "body": """\
Young people worry a lot about who knows and what people will think. Tell them who in the family and at school has been told, and agree together who else will be.

Telling school or college:
- With your agreement, we can help you tell the designated safeguarding lead or a trusted member of staff in confidence. They can give extra time or support around exams, and be alert to bullying.
- Your young person should have a say in which staff know. Many prefer one named person they can go to.

Friends and social media:
- They do not have to tell anyone. It is their story to share or keep.
- Help them practise a short answer for when people ask, for example "My mum's not around at the moment and I'd rather not talk about it."
- Remind them that what is posted online can be shared widely and stays there. Encourage them not to post about the case or the parent, and to tell you or a teacher if anyone posts about them.
- If they are teased or bullied about it, tell the school straight away.""",
    },
    {
        "key": "on-remand-younger",
        "position": 60,
        "age_bands": YOUNGER,
        "legal_statuses": ["REMAND"],
        "title": "When the parent is on remand",
        "body": """\
On remand means the court has decided the parent must wait in prison until their case is finished. It does not mean they have been found guilty. This time is hard for children because nobody can tell them yet how long it will last.

You could say:
- "Mummy has to stay in prison while some people called a judge and a jury decide what happened. That takes a long time."
- "We don't know yet when she will come home. When we find out, I will tell you."

Young children find not knowing very hard. It helps to:
- Give them the things you do know, such as when the next visit or phone call is.
- Avoid promising a date, or saying "soon", in case it changes. Court dates often move.
- Keep their days as predictable as you can, so that the waiting is the only thing that is uncertain.

If the court decides the parent can come home, or decides they must stay longer, tell your child simply and truthfully, as soon as you can.""",
    },
    {
        "key": "on-remand-older",
        "position": 60,
        "age_bands": OLDER,
        "legal_statuses": ["REMAND"],
        "title": "When the parent is on remand",
        "body": """\
On remand means the court has decided the parent must stay in prison until their trial or sentencing. It does not mean they have been found guilty. Young people often find this stage the hardest, because so much is unknown.

Explain what is happening:
- There will be court dates. The first dates decide how the case will go; a trial, if there is one, may be months away. Dates often move.
- At the end, the parent may be found not guilty and come home, or found guilty and given a sentence. Time spent on remand usually counts towards a sentence.
- You will tell them what you know, when you know it, and they can ask you at any time.

Some young people want to follow every step; others would rather not hear until there is news. Ask them which they prefer.

Be careful about news reports and social media while a case is going through court. Reports may be incomplete, and comments can be cruel. Encourage them to come to you rather than reading comments.

If they want to go to court, talk it through carefully first with your practitioner. It can be distressing, and some details may come out that are very hard to hear.""",
    },
    {
        "key": "sentenced",
        "position": 70,
        "legal_statuses": ["SENTENCED"],
        "title": "When the parent has been sentenced",
        "body": """\
Once the parent has been sentenced, there is more certainty, and many families find this makes it easier to talk. Your child may still have big feelings: relief that the waiting is over, upset about the length of the sentence, or anger.

Things to know before you explain:
- The sentence given in court is not always the time spent in prison. Many people are released part-way through and spend the rest of their sentence "on licence", living in the community and meeting a probation officer.
- Before you tell your child a date, check the likely release date with the prison, the probation service or your practitioner. Release dates can change.
- The parent may move to a different prison, which can change how far you travel for visits.

Tell your child what the sentence means for them: roughly how long, how you will stay in touch, and that you will tell them if anything changes.""",
    },
    {
        "key": "short-sentence-younger",
        "position": 80,
        "age_bands": YOUNGER,
        "legal_statuses": ["SENTENCED"],
        "sentence_bands": ["SHORT"],
        "title": "Talking about time: a short sentence",
        "body": """\
Young children do not understand weeks and months. Link the time to things they know.

You could say:
- "Daddy will be in prison until after the summer holidays." or "until after your birthday."
- For the very young: "He will be there for lots and lots of sleeps."

Ideas that help:
- A calendar or chart where your child can cross off the weeks, or a jar they take a bead from each week. Only do this once you are sure of the date.
- A photo of the parent by their bed, and a special time to draw a picture or write a letter each week.
- Talk about what will happen when the parent comes home, but do not promise things that may not happen.""",
    },
    {
        "key": "short-sentence-older",
        "position": 80,
        "age_bands": OLDER,
        "legal_statuses": ["SENTENCED"],
        "sentence_bands": ["SHORT"],
        "title": "Talking about time: a short sentence",
        "body": """\
A sentence of under a year can pass quickly for adults but feel long for a young person. Be clear about the likely release date once you have checked it, and about what might change it.

Help them plan around it: school terms, exams, birthdays and holidays. Think together about how contact will work in the meantime.

Start talking early about what it will be like when the parent comes home. Things may have changed: routines, rules, who does what at home. Let your young person say what they are looking forward to and what they are worried about.""",
    },
    {
        "key": "medium-sentence",
        "position": 80,
        "legal_statuses": ["SENTENCED"],
        "sentence_bands": ["MEDIUM"],
        "title": "Talking about time: a sentence of 1 to 4 years",
        "body": """\
A sentence of one to four years means the parent will probably miss several birthdays and holidays. Tell your child honestly that it will be a long time, but that you will stay in touch and they will be looked after.

For younger children:
- Talk in seasons and special days rather than years: "Mummy will be in prison for two more Christmases."
- Make regular contact part of the routine, so the time is marked by letters, calls and visits rather than only by waiting.

For older children and teenagers:
- Give them the likely release date once you have checked it, and explain licence and probation.
- Talk about how their own life will move on in that time (a new school year, exams, friendships) and how their parent can still be part of it.""",
    },
    {
        "key": "long-sentence-younger",
        "position": 80,
        "age_bands": YOUNGER,
        "legal_statuses": ["SENTENCED"],
        "sentence_bands": ["LONG"],
        "title": "Talking about time: a long sentence",
        "body": """\
When a sentence is long, young children need to know that their parent will be away for a very long time, without being given numbers they cannot understand.

You could say: "Daddy will be in prison for a long time, until you are much bigger. You will be at big school by then. But you can still write to him, talk to him on the phone and visit him."

Ideas that help:
- Do not count down the days: it is too long, and it can make the waiting feel endless. Mark the time with contact instead: a letter every week, a visit every month.
- Keep the parent part of everyday life with photos, and by telling your child that their parent is proud of them.
- Come back to the conversation as your child grows. They will understand more, and have new questions, at each age.""",
    },
    {
        "key": "long-sentence-older",
        "position": 80,
        "age_bands": OLDER,
        "legal_statuses": ["SENTENCED"],
        "sentence_bands": ["LONG"],
        "title": "Talking about time: a long sentence",
        "body": """\
A long sentence means your young person may be an adult by the time their parent is released. This can feel like a loss, and they may grieve for the time they will not have together.

Be honest about the length and the likely release date once you have checked it, and about licence and parole if they apply. Let them take in the news in their own time.

Help them think about what a relationship with their parent can look like over years: letters, calls, visits, sharing news about school, work and friends. Some young people decide to step back for a while; that is their choice, and the door can stay open.

Let them know that support carries on: we work with young people over the long term, not just in the first weeks.""",
    },
    {
        "key": "sentence-length-not-known",
        "position": 80,
        "legal_statuses": ["SENTENCED"],
        "sentence_bands": ["UNKNOWN"],
        "title": "When you do not know how long yet",
        "body": """\
Sometimes the family does not yet know how long the parent will spend in prison, or the release date is not clear. It is fine to tell your child that: "I don't know yet how long Daddy will be in prison. When I find out, I will tell you."

Avoid guessing a date or saying "soon". Ask your practitioner to help you find out the likely release date from the prison or probation service, so you can give your child an honest answer.""",
    },
    {
        "key": "talking-about-the-offence",
        "position": 100,
        "title": "Talking about what happened",
        "body": """\
Children usually want to know why their parent is in prison. Being honest at their level is better than saying nothing or making something up, but they do not need every detail. Tell them enough to make sense of what has happened, and no more than they can hold.

A good rule is: everything you say is true, but you do not have to say everything.

By age:
- Under 5: "Daddy broke a rule that grown-ups must follow." This is often enough.
- 5 to 10: name the kind of thing, simply: "Mum took things that weren't hers," or "Dad hurt someone."
- 11 and over: they may need to know the offence, especially if other people know or it is in the news. You can still keep back details that are not needed.

Let your child know that their parent did something wrong, but that they are still their parent and can still be loved. Try not to speak badly of the parent in front of the child, even if you feel angry with them yourself.

If your child asks something you are not ready to answer, you can say: "That's a good question. Let me think about how to explain it, and we'll talk about it tomorrow." Then make sure you do.""",
    },
    {
        "key": "offence-against-family",
        "position": 110,
        "offence_kinds": ["AGAINST_FAMILY"],
        "title": "When the offence was against someone in the family",
        "body": """\
When a parent is in prison for harming someone in the family, including domestic abuse, children may have seen or heard things that frightened them. Their feelings can be very mixed: they may feel safer and relieved, and also miss their parent, and then feel guilty for missing them.

Tell your child:
- That they are safe now, and who is keeping them safe.
- That what happened was not their fault, and was not the fault of the person who was hurt.
- That they are allowed to have mixed feelings, including loving the parent who did it.
- That they do not have to keep any secrets. They can tell you, a teacher or their practitioner about anything they saw or heard.

Contact with the parent in prison needs careful thought when the offence was against the family. Decisions about letters, calls and visits should be made with the professionals involved, putting the child's safety and wishes first. Your child should never be made to feel responsible for those decisions, or be used to pass messages.

Children who saw or heard violence may need extra support with sleep, worry or anger. Please talk to your practitioner: we can help, and can link you with specialist services.""",
    },
    {
        "key": "sexual-offence",
        "position": 110,
        "offence_kinds": ["SEXUAL"],
        "title": "When the offence is a sexual offence",
        "body": """\
This is one of the hardest things for a family to face, and many carers find it very hard to know what to say. You do not have to work it out alone: please talk to your practitioner before you explain, so that we can plan it with you.

Some things that help:
- Young children can be told that their parent "did something very wrong that hurt someone" and that "the law says he has to be in prison". They do not need more than that.
- Older children and teenagers may need to know the nature of the offence, especially if others know or it is in the news, but they do not need the details. Tell them what they need to understand, and no more.
- Reassure your child that they are not to blame, and that they are not like their parent because of what their parent did.

If the offence involved a child, or there are any concerns about your own child's safety, contact with the parent will be decided with the professionals involved and may be restricted by the prison or the court. Explain any limits to your child simply: "The grown-ups in charge have decided that letters are the safe way to keep in touch for now."

Children and young people in this situation can feel great shame, and are at risk of bullying if others find out. Tell the school's safeguarding lead in confidence, with our help, and let your child know they can always tell you or their practitioner if anything is said to them.""",
    },
    {
        "key": "violent-offence",
        "position": 110,
        "offence_kinds": ["VIOLENCE"],
        "title": "When the offence involved violence",
        "body": """\
Children may be frightened to learn that their parent hurt someone, and may wonder whether their parent is a bad or dangerous person, or whether they might be hurt too.

Tell your child, at their level:
- That their parent did something wrong that hurt someone, and that this is why they are in prison.
- That hurting people is never all right, and that their parent is taking the consequences.
- That their parent can still love them, and they can still love their parent.
- That they are safe.

Older children may want to know about the person who was hurt. Be honest, without detail. Some may worry that they will become violent too: tell them that they are their own person, and that they make their own choices.""",
    },
    {
        "key": "press-and-social-media",
        "position": 120,
        "only_with_press_coverage": True,
        "title": "When it is in the news or on social media",
        "body": """\
When a case is reported in the newspapers, on local news or on social media, children can find out suddenly and in the worst way. If you know there is, or may be, coverage, tell your child yourself first, before they hear it from someone else.

What helps:
- Tell your child, at their level, that people may be talking about it, and that some of what they hear may be wrong or unkind.
- For older children, agree that they will come to you with anything they see, rather than reading the comments.
- Check your child's social media privacy settings with them. Ask family members not to post about the case.
- Tell the school, with our help, so that staff can step in if other pupils talk about it.
- If your family is harassed, threatened or named online, keep a record (screenshots, dates) and tell your practitioner and the police.

Remind your child that what people say about their parent is not about them, and that they have done nothing wrong.""",
    },
    {
        "key": "after-you-have-told-them",
        "position": 200,
        "title": "After you have told them",
        "body": """\
Telling your child is the beginning of the conversation, not the end. Children often go quiet and then come back with questions days or weeks later, sometimes at bedtime or in the car.

Over the coming weeks:
- Keep checking in: "Is there anything you've been wondering about Dad?"
- Keep routines steady: school, meals, bedtimes. Routine helps children feel safe.
- Watch for changes that last: trouble sleeping, not eating, angry outbursts, withdrawing, refusing school, or worrying a lot about you. These are common, and support can help.
- Give them ways to express feelings other than talking: drawing, writing, play, sport.
- Let them know other children are going through the same thing. Many children of people in prison feel very alone; our groups and activities help them meet others who understand.

If your child ever says something that makes you worried about their safety, or talks about hurting themselves, contact your practitioner straight away, or your GP. In an emergency call 999.""",
    },
    {
        "key": "looking-after-yourself",
        "position": 210,
        "title": "Looking after yourself",
        "body": """\
You are dealing with a lot: your own feelings, money and practical changes, and your child's questions. Children cope better when the adult looking after them is supported too.

- You do not have to have all the answers. It is fine to say "I don't know" or "let's find out together".
- Talk to someone you trust. Our parent and carer groups are a place to meet others in the same situation.
- Your practitioner can help with visits, school, money worries and the prison system, and can tell you about national helplines for families of people in prison.
- Look after the basics for yourself: sleep, food, and time to rest when you can.

Asking for help is a strength. Please tell your practitioner how you are doing, not just how your child is doing.""",
    },
]


def seed(apps, schema_editor):
    GuidanceSection = apps.get_model("guidance", "GuidanceSection")
    now = timezone.now()
    for section in SECTIONS:
        GuidanceSection.objects.create(
            key=section["key"],
            version=1,
            title=section["title"],
            body=section["body"],
            position=section["position"],
            age_bands=section.get("age_bands", []),
            legal_statuses=section.get("legal_statuses", []),
            sentence_bands=section.get("sentence_bands", []),
            offence_kinds=section.get("offence_kinds", []),
            only_with_press_coverage=section.get("only_with_press_coverage", False),
            retired=False,
            change_note="Seeded with the service.",
            edited_by=None,
            edited_at=now,
        )


def unseed(apps, schema_editor):
    GuidanceSection = apps.get_model("guidance", "GuidanceSection")
    GuidanceSection.objects.filter(
        key__in=[section["key"] for section in SECTIONS], version=1, edited_by__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
