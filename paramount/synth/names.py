"""Name pools for synthetic people: origins, first names by sex and birth cohort, surnames.

Lists are in rough order of frequency; the generator weights them Zipf-style, so the first
names of each list are far more common than the last, which produces the same-name
collisions that real registers have (many a ``James Smith``, ``Mohammed Khan``).
Spellings are as people write them, non-ASCII letters included.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """The whitespace-separated words of a block of text (keeps long name lists readable)."""
    return text.split()


# Cohorts: a person's first name depends on when they were born.
YOUNG = "young"  # born 2003 or later
MIDDLE = "middle"  # born 1973-2002
OLD = "old"  # born before 1973

_ENGLISH_MALE_YOUNG = _words(
    """Oliver George Harry Jack Noah Charlie Jacob Leo Oscar Alfie Thomas
Freddie Archie Joshua William Henry James Theo Ethan Isaac Lucas Alexander Max Joseph Arthur
Logan Samuel Daniel Edward Finley Harrison Dylan Mason Riley Jayden Tyler Harvey Reggie Louie
Teddy Tommy Albert Ronnie Toby Jake Lewis Kai Luca Sebastian Rory Callum Frankie Bobby
Jenson Stanley Elliot Zachary Benjamin Ryan Caleb Ollie Hugo Louis Liam Connor Kian Aiden
Ellis Brody Tyler-James Jaxon Carter Jude Grayson Ezra Felix Rueben Jasper Otis Hunter"""
)

_ENGLISH_MALE_MIDDLE = _words(
    """Daniel James David Michael Christopher Matthew Thomas Adam Andrew
Richard Paul Mark Robert Jamie Ryan Luke Lee Craig Darren Scott Stephen Steven Jonathan
Nicholas Ben Benjamin Samuel Joshua Liam Dean Carl Wayne Gary Kevin Jason Anthony Shaun
Simon Martin Neil Stuart Ashley Aaron Nathan Kyle Jordan Callum Connor Lewis Jack Joseph
Alexander Sam Tom Gareth Ricky Dale Jake Bradley Kieran Reece Jay Shane Mitchell Dominic
Philip Peter John Ian Alan Keith Tony Barry Glenn Terry Karl Leon Marcus Russell Warren
Elliot Charlie Harry William Oliver Edward George Kirk Brett Gavin Justin Damien Jermaine"""
)

_ENGLISH_MALE_OLD = _words(
    """David John Michael Peter Paul Robert Stephen Richard Andrew Ian Alan
Christopher Mark Anthony Keith Kevin Brian Martin Colin Graham Trevor Philip Gary Barry
Terence Kenneth Raymond Derek Roger Malcolm Geoffrey Clive Nigel Dennis Roy Ronald Frederick
Leonard Gordon Norman Stanley Albert Arthur Patrick Francis Eric Bernard Douglas Gerald Donald
Victor Reginald Harold Leslie Edward William George James Thomas Neville Rodney Lionel"""
)

_ENGLISH_FEMALE_YOUNG = _words(
    """Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace
Freya Willow Florence Emily Ella Poppy Evie Elsie Charlotte Evelyn Sophie Ruby Daisy Sienna
Harper Matilda Phoebe Millie Jessica Chloe Scarlett Erin Holly Lucy Maisie Ellie Layla Eva
Megan Lola Zara Imogen Hannah Katie Amber Molly Bethany Niamh Leah Abigail Alice Thea Ellie-Mae
Maya Paige Summer Aria Harriet Darcie Lacey Alexis Esme Lexi Gracie Skye Brooke Eliza Nevaeh
Zoë Chloë Renée Aimée Penelope Hallie Orla Bonnie Nancy Violet Ada Mabel Hazel Iris"""
)

_ENGLISH_FEMALE_MIDDLE = _words(
    """Sarah Laura Emma Gemma Rebecca Claire Lisa Nicola Kelly Amy
Hayley Stacey Rachel Victoria Samantha Kerry Louise Joanne Michelle Emily Hannah Charlotte
Jessica Lauren Danielle Natalie Katie Kirsty Jade Amanda Leanne Zoe Jennifer Elizabeth
Catherine Katherine Helen Kimberley Sophie Stephanie Jodie Chelsea Tanya Donna Sharon Tracey
Kayleigh Charlene Shannon Abigail Alexandra Lucy Jemma Holly Carly Naomi Joanna Angela
Deborah Karen Julie Lindsey Lindsay Kate Becky Chloe Georgia Jasmine Amber Eleanor Anna
Melissa Sian Leigh Toni Marie Rachael Jenna Tara Shelley Nadine Vicky Aimee Siân"""
)

_ENGLISH_FEMALE_OLD = _words(
    """Susan Linda Christine Margaret Janet Patricia Carol Elizabeth
Mary Anne Jacqueline Sandra Pauline Julie Karen Jennifer Deborah Lesley Barbara Gillian Angela
Valerie Maureen Brenda Diane Sheila Kathleen Jean Joan Wendy Alison Elaine Jane Dawn Shirley
Beverley Joyce Doreen Irene Marion Eileen Hilary Rosemary Yvonne Denise Lorraine Teresa
Caroline Amanda Tracey Julia Heather Dorothy Pamela Sylvia June Hazel Beryl Vera Audrey"""
)

_ENGLISH_SURNAMES = _words(
    """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson
Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke
Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark King Baker Harrison Morgan
Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Cook
Carter Richardson Bailey Collins Bell Shaw Miller Cox Richards Marshall Anderson Simpson Ellis
Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Matthews Holmes Mills Barnes
Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Dixon Harvey Graham Pearson Fletcher
Gibson Howard Andrews Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence
Cole Atkinson Bradley Spencer Dawson Ball Burton Watts Rose Booth Perry Wells Armstrong
Francis Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley
Dunn Woods Parsons Berry Stone Holland Hawkins Harding Porter Newton Oliver Reed Williamson
Bird Gardner Dean Lane Cooke Bates Burgess Bishop Walton Nicholson Shepherd Cross Long
Freeman Warren Nicholls Sutton Yates Hodgson Robson Curtis Hopkins Harper Coleman Watkins Moss
Chambers Griffin Sharp Hardy Wheeler Potter Osborne George Jordan Hutchinson Rowe Pritchard
Gilbert Willis Higgins Read Miles Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt
Barber Nelson Slater Austin Whitehead Mann Frost Lambert Stephens Blake Goodwin Barton Woodward
Barnett Baxter Clayton Nash Greenwood Jennings Holt Kemp Poole Bond Stokes Tucker Fowler Heath
Norman Middleton Smith-Jones Ashworth Pickering Thornton Gough Whitfield Lees-Smith Fairclough
Hale Dyer Pugh Sheppard Rhodes Banks Cartwright Hyde Ingram Bolton Wyatt Chadwick Fry Heaton"""
)

_SCOTTISH_SURNAMES = _words(
    """Campbell Stewart Robertson Thomson Anderson Reid MacDonald McDonald
Murray Ross Paterson Fraser Hamilton Graham Johnston Kerr Mackenzie McKenzie Cameron Gordon
Duncan Ferguson Grant Henderson Hunter Mackay Munro Sinclair Wallace Douglas Burns Black
Mclean MacLeod McLeod Mackintosh Buchanan Crawford Bruce Kennedy Ritchie Milne Dunlop
Macintyre McIntyre Docherty McGregor MacGregor Drummond Rennie"""
)

_SCOTTISH_MALE = _words(
    """Callum Jamie Ewan Finlay Lewis Euan Fraser Ross Craig Scott Andrew
Alistair Alasdair Hamish Iain Ian Gregor Angus Duncan Stuart Kenneth Graeme Murray Calum Neil
Robert John David James"""
)

_SCOTTISH_FEMALE = _words(
    """Isla Eilidh Morven Kirsty Shona Fiona Catriona Mhairi Ailsa Iona
Heather Morag Kirsten Ishbel Rhona Lorna Elspeth Jennifer Lynsey Carly Nicola Gillian"""
)

_IRISH_SURNAMES = _words(
    """Murphy Kelly O'Brien Ryan O'Sullivan Walsh O'Connor McCarthy Byrne
O'Neill Doyle Lynch Murray Quinn Gallagher Kennedy Sullivan Flanagan O'Reilly Reilly Brennan
Fitzgerald Nolan Burke Connolly Daly McLaughlin Kavanagh Dunne Doherty O'Donnell McGrath
Brady Keane Farrell Moran Maguire Casey Hogan Duffy Power Malone McCann Mulligan O'Hara
Ó Súilleabháin Fitzpatrick Costello Hennessy Rafferty Devlin McGuinness"""
)

_IRISH_MALE = _words(
    """Sean Seán Patrick Conor Ciaran Ciarán Liam Michael Cian Oisín Darragh
Eoin Niall Declan Brendan Cormac Ronan Shane Kieran Padraig Pádraig Aidan Colm Dermot Fergal
Tadhg Eamon Éamonn Cillian Rory"""
)

_IRISH_FEMALE = _words(
    """Aoife Niamh Siobhan Siobhán Ciara Orla Sinead Sinéad Roisin Róisín
Caoimhe Saoirse Clodagh Grainne Gráinne Aisling Bridget Maeve Deirdre Mairead Máiréad Eimear
Fionnuala Orlaith Nuala Kathleen Mary Ann-Marie"""
)

_WELSH_SURNAMES = _words(
    """Jones Williams Davies Evans Thomas Roberts Lewis Hughes Morgan Griffiths
Edwards Owen Price Jenkins Lloyd Rees Powell Pritchard Parry Morris Howells Bowen Llewellyn
Vaughan Pugh Probert Prosser Gwynne Meredith Bevan"""
)

_WELSH_MALE = _words(
    """Dafydd Rhys Gareth Huw Owain Geraint Emyr Iwan Aled Gethin Ieuan Rhodri
Llŷr Dylan Osian Steffan Ioan Tomos Gruffydd"""
)

_WELSH_FEMALE = _words(
    """Cerys Siân Seren Ffion Catrin Angharad Bethan Rhiannon Nia Eleri
Carys Elin Gwen Lowri Megan Mererid Rhian Sioned Heledd Mali"""
)

_PAKISTANI_BANGLADESHI_MALE = _words(
    """Mohammed Muhammad Ali Ahmed Hassan Hussain Ibrahim Yusuf Omar
Adam Zain Ayaan Hamza Bilal Imran Usman Zakir Tariq Arif Asif Shahid Khalid Rizwan Faisal
Nadeem Waqar Kamran Junaid Adnan Shahzad Abdul Aftab Zubair Saqib Rehan Haroon Amir Sajid
Javed Anwar Iqbal Rashid Nasir Zahid Abdullah Ismail Yasir Rayyan Zayn Ibraheem Musa Idris
Ahmad Ahmet Mohammad Mohamed Rafiq Shafiq Tanveer Mushtaq Babar Shoaib"""
)

_PAKISTANI_BANGLADESHI_FEMALE = _words(
    """Fatima Aisha Maryam Zainab Khadija Hafsa Amina Safa Inaya
Iqra Ayesha Sana Noor Hira Nadia Sadia Saima Shazia Farah Rubina Nazia Samina Shabana Bushra
Tahira Asma Rabia Mehwish Saira Uzma Yasmin Jasmin Shamima Rukhsana Nasreen Parveen Shahida
Salma Nusrat Anisa Mariam Eman Zara Alishba Haniya Laiba Mahnoor Aleena Hania Amna Halima"""
)

_PAKISTANI_BANGLADESHI_SURNAMES = _words(
    """Khan Hussain Ahmed Ali Akhtar Iqbal Shah Mahmood Rashid
Butt Malik Chaudhry Choudhury Chowdhury Rahman Begum Bibi Mirza Qureshi Sheikh Aslam Javed
Anwar Hussein Mohammed Mahmood Raja Bashir Yousaf Siddiqui Islam Uddin Miah Ullah Hassan
Rehman Nawaz Aziz Saleem Mughal Haq Karim Hossain Latif Sarwar Zaman Bhatti Abbasi Ashraf
Farooq Kiani Riaz"""
)

_INDIAN_MALE = _words(
    """Arjun Aarav Rohan Ravi Raj Sanjay Sunil Anil Vijay Amit Rahul Vikram
Ajay Deepak Harpreet Gurpreet Jaspreet Manpreet Rajinder Sukhdev Kuldeep Jagdeep Harjit
Amarjit Balwinder Paramjit Karan Nikhil Kiran Dev Neil Krish Dhruv Ishaan Veer Jai Ranjit
Suresh Ramesh Mahesh Dinesh Pradeep Mukesh Hitesh Nitin Ashok Mandeep Tejinder"""
)

_INDIAN_FEMALE = _words(
    """Priya Anjali Pooja Neha Sunita Anita Kavita Meena Asha Geeta Nisha
Simran Harpreet Gurpreet Jaspreet Manpreet Rajinder Kiran Amrit Harleen Navdeep Sukhjit
Balbir Parminder Jasvinder Rupinder Sangeeta Shilpa Divya Riya Ananya Diya Isha Tara Mira
Leela Sapna Rekha Usha Jyoti Rani Seema Hema Kamaljit"""
)

_INDIAN_SURNAMES = _words(
    """Patel Singh Kaur Sharma Gill Sandhu Sidhu Dhillon Kumar Shah Mistry
Parmar Chauhan Solanki Joshi Mehta Gupta Bains Johal Sahota Virdi Rai Bhatt Desai Pandya
Lal Chopra Kapoor Malhotra Sodhi Grewal Cheema Atwal Sanghera Dosanjh Thandi Basra Bassi
Chahal Hayer Jandu Kang Mann Nijjar Sohal Thind"""
)

_CARIBBEAN_MALE = _words(
    """Marcus Jermaine Tyrone Leon Delroy Winston Clive Errol Lloyd Wesley
Dwayne Kareem Tyrell Andre Jerome Nathaniel Kwame Reuben Desmond Everton Carlton Devon Jamal
Daniel Joshua Isaiah Elijah Malachi Kai Micah Jayden Tyler Nathan Ryan Aaron Michael"""
)

_CARIBBEAN_FEMALE = _words(
    """Shanice Tanisha Keisha Chantelle Monique Simone Marcia Beverley
Hyacinth Paulette Sonia Yvette Jasmine Aaliyah Nia Imani Kiara Jada Tiana Renée Naomi Maya
Jessica Leah Destiny Precious Amara Sade Marsha Janelle"""
)

_CARIBBEAN_SURNAMES = _words(
    """Campbell Brown Williams Francis Thomas Clarke Johnson Morgan Richards
Graham Reid Henry Gordon Grant Samuels Bailey Thompson Lewis Walker Edwards Allen Bennett
Gayle McKenzie Wright Francis-Brown Mullings Blackwood Ferguson Harriott Lindo Dacres Chin
Bryan Anderson Powell Dixon Beckford Spence"""
)

_AFRICAN_MALE = _words(
    """Oluwaseun Chinedu Emeka Kwame Kofi Kwabena Tunde Babatunde Olumide
Obinna Chukwuemeka Ifeanyi Ayodele Femi Segun Daniel David Samuel Joseph Emmanuel Michael
Joshua Divine Praise Godwin Blessing Tobi Tobiloba Tomiwa Ayomide Jesse Isaac Caleb Nathan
Kelechi Uche Yaw Kojo Kwesi Ebo"""
)

_AFRICAN_FEMALE = _words(
    """Adaeze Chioma Ngozi Funmilayo Folake Bukola Yetunde Titilayo Abena
Akosua Ama Efua Esi Adwoa Grace Blessing Favour Precious Mercy Joy Deborah Esther Ruth
Faith Comfort Patience Abigail Oluwatoyin Temitope Ifeoma Amara Zainab Tolani Chidinma
Damilola Adebola Ebunoluwa Nneka Osas"""
)

_AFRICAN_SURNAMES = _words(
    """Okafor Adeyemi Okonkwo Mensah Asante Owusu Boateng Adebayo Ogunleye
Oyelaran Eze Nwosu Obi Adeleke Afolabi Oladipo Okoro Nwachukwu Ibrahim Bello Danso Agyeman
Appiah Osei Amoah Ansah Opoku Addo Darko Badu Mutasa Moyo Ndlovu Banda Phiri Kamara Sesay
Conteh Koroma Bangura Diallo"""
)

_SOMALI_MALE = _words(
    """Mohamed Abdi Ahmed Ali Hassan Abdirahman Abdullahi Mohamud Omar Yusuf
Ibrahim Hussein Farah Osman Abdikadir Abdiaziz Mustafa Ismail Liban Guled Hamza Bashir
Suleiman Mahad Khalid Jama Said Nur Awil Warsame"""
)

_SOMALI_FEMALE = _words(
    """Fadumo Hodan Amina Asha Hawa Sahra Khadija Ayaan Ifrah Nimco Ubah
Hibo Sagal Fartun Maryan Deeqa Halima Naima Safiya Ikram Idil Anisa Muna Ladan Hamdi
Faiza Sumaya Ruqia Zamzam Nasra"""
)

_ARABIC_MALE = _words(
    """Mohammed Ahmad Omar Ali Hassan Khaled Youssef Mahmoud Mustafa Ibrahim
Karim Tariq Samir Walid Hamza Bilal Rami Fadi Nabil Ziad Amir Adel Hussein Jamal Salim Sami
Yaser Majid Faris Anas Bassam Hadi Khalil Naser Issa"""
)

_ARABIC_FEMALE = _words(
    """Fatima Mariam Noor Layla Rania Huda Amira Yasmin Sara Lina Dina Hanan
Salma Reem Nadia Samira Zeinab Aya Malak Jana Rahaf Lujain Dalia Ghada Heba Iman Maha Rasha
Suha Wafa"""
)

_ARABIC_SURNAMES = _words(
    """Al-Hassan Hassan Ahmed Ali Mahmoud Mohammed Ibrahim Abdullah Saleh Khalil
Haddad Nasser Al-Sayed El-Sayed Mansour Youssef Hamdan Darwish Farouk Qasim Al-Amin Bakr
Said Osman Hamid Jaber Aziz Hussein Al-Rashid Khoury Sabbagh Najjar Shami Taha"""
)

_POLISH_MALE = _words(
    """Jakub Kacper Szymon Filip Mateusz Michał Bartosz Wojciech Piotr Paweł
Tomasz Krzysztof Łukasz Marcin Andrzej Grzegorz Dawid Adam Kamil Rafał Sebastian Damian
Przemysław Maciej Marek Jan Aleksander Oliwer Antoni Stanisław Dariusz Robert Artur
Sławomir Zbigniew Jarosław"""
)

_POLISH_FEMALE = _words(
    """Zuzanna Julia Maja Lena Zofia Hanna Amelia Alicja Oliwia Natalia
Katarzyna Agnieszka Małgorzata Anna Joanna Magdalena Monika Ewa Aleksandra Karolina Marta
Dorota Justyna Paulina Sylwia Beata Barbara Izabela Patrycja Kinga Weronika Wiktoria Agata
Renata Iwona Grażyna"""
)

_POLISH_SURNAMES = _words(
    """Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski
Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski Krawczyk
Piotrowski Grabowski Nowakowski Pawłowski Michalski Nowicki Adamczyk Dudek Zając Wieczorek
Jabłoński Król Majewski Olszewski Jaworski Wróbel Malinowski Pawlak Witkowski Walczak
Stępień Górski Rutkowski Michalak Sikora Ostrowski Baran Duda Szewczyk Tomaszewski
Pietrzak Marciniak Wróblewski Zalewski"""
)

_ROMANIAN_MALE = _words(
    """Andrei Alexandru Ionuț Mihai Ștefan Gabriel Florin Cristian Adrian
Marius Bogdan Daniel Vasile Constantin Ion Nicolae Gheorghe Cosmin Răzvan Sorin Ciprian
Lucian Radu Valentin Aleksandr Sergei Dmitri Oleksandr Yevgeny Mikhail Viktor Aleksander
Nikolai Tomas Mantas Lukas Darius"""
)

_ROMANIAN_FEMALE = _words(
    """Elena Ioana Maria Andreea Alexandra Mihaela Gabriela Cristina Ana Irina
Raluca Roxana Diana Alina Simona Larisa Bianca Denisa Ramona Oana Nicoleta Ecaterina
Svetlana Natalia Olga Tatiana Yulia Oksana Anastasia Viktoria Rūta Agnė Ieva Laura"""
)

_ROMANIAN_SURNAMES = _words(
    """Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei
Ciobanu Rusu Munteanu Constantin Dinu Moldovan Lungu Mihai Florea Sandu Ivanov Petrov
Kovalenko Shevchenko Bondarenko Melnyk Kazlauskas Jankauskas Petrauskas Balodis Horváth
Nagy Tóth Szabó Novák Dvořák"""
)

_CHINESE_MALE = _words(
    """Wei Jun Hao Jian Ming Lei Yang Tao Bo Chen Kevin Jason Michael Ryan
Daniel Eric Alan Leo Kai Jia Hui Zhi Peter Ka-Wai Chi-Ming"""
)

_CHINESE_FEMALE = _words(
    """Li Jing Mei Xin Ying Yan Hui Lin Fang Ling Jenny Grace Amy Emily
Michelle Vivian Karen Joyce Sophie Yu Xiao Shu-Fen Ka-Yan Wing"""
)

_CHINESE_SURNAMES = _words(
    """Wang Li Zhang Chen Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo
He Lin Luo Wong Chan Lee Cheung Lau Ng Leung Ho Tang Yip Chow Lam Cheng Tsang"""
)

_VIETNAMESE_MALE = _words(
    """Minh Tuấn Hùng Dũng Nam Anh Hoàng Quang Thành Đức Long Huy Khoa Bảo
Phúc Trung Việt Hiếu Thắng Tâm"""
)

_VIETNAMESE_FEMALE = _words(
    """Linh Thảo Hương Lan Mai Ngọc Trang Hà Phương Thu Hằng Nhung Vy Anh
Huyền Thủy Yến Trâm Diệp Quỳnh"""
)

_VIETNAMESE_SURNAMES = _words(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô
Dương Lý"""
)

_TURKISH_MALE = _words(
    """Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Burak Can
Kemal Serkan Okan Yusuf Ömer Deniz Cem Kerem Barış Onur Tolga Eren Arda"""
)

_TURKISH_FEMALE = _words(
    """Ayşe Fatma Emine Hatice Zeynep Elif Meryem Özlem Derya Gül Aylin
Esra Merve Büşra Sevgi Ebru Deniz Selin Ceren İpek Yasemin Nur"""
)

_TURKISH_SURNAMES = _words(
    """Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir
Arslan Doğan Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek Polat Erdoğan"""
)

_GREEK_MALE = _words(
    """Georgios Giorgos Konstantinos Dimitrios Nikolaos Ioannis Panagiotis
Christos Vasilis Andreas Michalis Stavros Kostas Yiannis Alexandros Spyros Petros
Theodoros Antonis Marios"""
)

_GREEK_FEMALE = _words(
    """Maria Eleni Katerina Georgia Sofia Dimitra Ioanna Vasiliki Anastasia
Christina Despina Eirini Panagiota Androulla Chrystalla Stella Theodora Zoe Angeliki
Evangelia"""
)

# Greek surnames: masculine form; feminine derived by _feminine_surname.
_GREEK_SURNAMES = _words(
    """Papadopoulos Georgiou Nikolaou Konstantinou Ioannou Christodoulou
Papageorgiou Pavlou Antoniou Demetriou Charalambous Michael Panayiotou Kyriacou Savva
Theodorou Vasiliou Economou Stylianou Hadjipavlou Karamanlis Papas"""
)


# The long tail: real registers hold thousands of rarer surnames, so a common name is common
# but most names are not. Place-name surnames built from real English elements.
_TAIL_HEADS = _words(
    """Ash Black Brad Brom Cal Car Chad Crow Dun Fair Hat Hol Kings Lang Mar Mid New
Pen Rad Rock Shel Stan Thorn Wad West Whit Wind Wool Alder Bark Birk Brent Bur Cran Dal Ed
Fen Gold Hart Hay Hors Ick Kirk Lind Lock Mel Nor Ox Pick Red Rush Sand Shaw Stock Sum Tam
Up War Wel Wick Wy"""
)
_TAIL_ENDS = _words(
    """ley ton field worth well ford by combe hurst wood more stead ham shaw bury den
wick cliffe brook croft"""
)
ENGLISH_TAIL_SURNAMES: list[str] = sorted(
    {
        head + end
        for head in _TAIL_HEADS
        for end in _TAIL_ENDS
        if head[-1] != end[0] and not (head.endswith("sh") and end.startswith("sh"))
    }
    - {name for name in _ENGLISH_SURNAMES}
)

# How steeply each origin's surnames concentrate on the commonest (Zipf exponent), and the
# share of its people drawn from the English long tail instead.
SURNAME_EXPONENTS: dict[str, float] = {
    "pakistani_bangladeshi": 1.0,
    "chinese": 1.0,
    "vietnamese": 1.4,
    "indian": 0.9,
    "somali": 0.9,
}
DEFAULT_SURNAME_EXPONENT = 0.8
FIRST_NAME_EXPONENT = 0.7
TAIL_SHARE: dict[str, float] = {"english": 0.45, "scottish": 0.15, "irish": 0.1, "welsh": 0.2}


def _cohorts(young: list[str], middle: list[str], old: list[str]) -> dict[str, list[str]]:
    return {YOUNG: young, MIDDLE: middle, OLD: old}


def _same(names: list[str]) -> dict[str, list[str]]:
    return {YOUNG: names, MIDDLE: names, OLD: names}


# Origin groups. Children of British parents get a cohort-appropriate English first name;
# other groups keep their own pools across generations, with some children given an English
# first name (handled by the generator).
ORIGINS: dict[str, dict] = {
    "english": {
        "M": _cohorts(_ENGLISH_MALE_YOUNG, _ENGLISH_MALE_MIDDLE, _ENGLISH_MALE_OLD),
        "F": _cohorts(_ENGLISH_FEMALE_YOUNG, _ENGLISH_FEMALE_MIDDLE, _ENGLISH_FEMALE_OLD),
        "surnames": _ENGLISH_SURNAMES,
    },
    "scottish": {
        "M": _cohorts(
            _SCOTTISH_MALE + _ENGLISH_MALE_YOUNG,
            _SCOTTISH_MALE + _ENGLISH_MALE_MIDDLE,
            _SCOTTISH_MALE,
        ),
        "F": _cohorts(
            _SCOTTISH_FEMALE + _ENGLISH_FEMALE_YOUNG,
            _SCOTTISH_FEMALE + _ENGLISH_FEMALE_MIDDLE,
            _SCOTTISH_FEMALE,
        ),
        "surnames": _SCOTTISH_SURNAMES,
    },
    "irish": {
        "M": _cohorts(
            _IRISH_MALE + _ENGLISH_MALE_YOUNG, _IRISH_MALE + _ENGLISH_MALE_MIDDLE, _IRISH_MALE
        ),
        "F": _cohorts(
            _IRISH_FEMALE + _ENGLISH_FEMALE_YOUNG,
            _IRISH_FEMALE + _ENGLISH_FEMALE_MIDDLE,
            _IRISH_FEMALE,
        ),
        "surnames": _IRISH_SURNAMES,
    },
    "welsh": {
        "M": _cohorts(
            _WELSH_MALE + _ENGLISH_MALE_YOUNG, _WELSH_MALE + _ENGLISH_MALE_MIDDLE, _WELSH_MALE
        ),
        "F": _cohorts(
            _WELSH_FEMALE + _ENGLISH_FEMALE_YOUNG,
            _WELSH_FEMALE + _ENGLISH_FEMALE_MIDDLE,
            _WELSH_FEMALE,
        ),
        "surnames": _WELSH_SURNAMES,
    },
    "pakistani_bangladeshi": {
        "M": _same(_PAKISTANI_BANGLADESHI_MALE),
        "F": _same(_PAKISTANI_BANGLADESHI_FEMALE),
        "surnames": _PAKISTANI_BANGLADESHI_SURNAMES,
    },
    "indian": {
        "M": _same(_INDIAN_MALE),
        "F": _same(_INDIAN_FEMALE),
        "surnames": _INDIAN_SURNAMES,
    },
    "caribbean": {
        "M": _same(_CARIBBEAN_MALE),
        "F": _same(_CARIBBEAN_FEMALE),
        "surnames": _CARIBBEAN_SURNAMES,
    },
    "african": {
        "M": _same(_AFRICAN_MALE),
        "F": _same(_AFRICAN_FEMALE),
        "surnames": _AFRICAN_SURNAMES,
    },
    "somali": {"M": _same(_SOMALI_MALE), "F": _same(_SOMALI_FEMALE), "surnames": _SOMALI_MALE},
    "arabic": {
        "M": _same(_ARABIC_MALE),
        "F": _same(_ARABIC_FEMALE),
        "surnames": _ARABIC_SURNAMES,
    },
    "polish": {
        "M": _same(_POLISH_MALE),
        "F": _same(_POLISH_FEMALE),
        "surnames": _POLISH_SURNAMES,
    },
    "eastern_european": {
        "M": _same(_ROMANIAN_MALE),
        "F": _same(_ROMANIAN_FEMALE),
        "surnames": _ROMANIAN_SURNAMES,
    },
    "chinese": {
        "M": _same(_CHINESE_MALE),
        "F": _same(_CHINESE_FEMALE),
        "surnames": _CHINESE_SURNAMES,
    },
    "vietnamese": {
        "M": _same(_VIETNAMESE_MALE),
        "F": _same(_VIETNAMESE_FEMALE),
        "surnames": _VIETNAMESE_SURNAMES,
    },
    "turkish": {
        "M": _same(_TURKISH_MALE),
        "F": _same(_TURKISH_FEMALE),
        "surnames": _TURKISH_SURNAMES,
    },
    "greek": {
        "M": _same(_GREEK_MALE),
        "F": _same(_GREEK_FEMALE),
        "surnames": _GREEK_SURNAMES,
    },
}

# Share of households by origin, per source family (Birmingham is far more diverse than
# rural Oxfordshire). Outside-region households use the weights of their neighbour family.
ORIGIN_WEIGHTS: dict[str, dict[str, float]] = {
    "OXON": {
        "english": 70,
        "scottish": 3,
        "irish": 4,
        "welsh": 2,
        "pakistani_bangladeshi": 5,
        "indian": 2.5,
        "caribbean": 2,
        "african": 2.5,
        "somali": 1,
        "arabic": 1.5,
        "polish": 3,
        "eastern_european": 2,
        "chinese": 1.5,
        "vietnamese": 0.5,
        "turkish": 1,
        "greek": 0.5,
    },
    "BUCKS": {
        "english": 62,
        "scottish": 2.5,
        "irish": 4,
        "welsh": 1.5,
        "pakistani_bangladeshi": 9,
        "indian": 6,
        "caribbean": 3,
        "african": 3,
        "somali": 1,
        "arabic": 1,
        "polish": 4,
        "eastern_european": 2.5,
        "chinese": 1,
        "vietnamese": 0.5,
        "turkish": 1,
        "greek": 0.5,
    },
    "WBERKS": {
        "english": 68,
        "scottish": 3,
        "irish": 4,
        "welsh": 2,
        "pakistani_bangladeshi": 5,
        "indian": 4,
        "caribbean": 2.5,
        "african": 3,
        "somali": 0.5,
        "arabic": 1,
        "polish": 3.5,
        "eastern_european": 2,
        "chinese": 1,
        "vietnamese": 0.5,
        "turkish": 0.5,
        "greek": 0.5,
    },
    "BHAM": {
        "english": 45,
        "scottish": 1,
        "irish": 3,
        "welsh": 1,
        "pakistani_bangladeshi": 20,
        "indian": 6,
        "caribbean": 5,
        "african": 4,
        "somali": 3,
        "arabic": 3,
        "polish": 3,
        "eastern_european": 2.5,
        "chinese": 1,
        "vietnamese": 1,
        "turkish": 1,
        "greek": 0.5,
    },
}

# Origins whose newcomers' documents often carry 1 January as the date of birth when the
# real day is unknown (a real source of date-of-birth collisions).
JANUARY_FIRST_ORIGINS = frozenset({"somali", "arabic", "african", "pakistani_bangladeshi"})

# Formal name -> short forms people use (and records carry).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"),
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "Mohammed": ("Mo",),
    "Muhammad": ("Mo",),
    "Mohamed": ("Mo",),
    "Samuel": ("Sam", "Sammy"),
    "Samantha": ("Sam", "Sammy"),
    "Katherine": ("Kate", "Kathy", "Katie"),
    "Catherine": ("Cathy", "Kate", "Cath"),
    "David": ("Dave", "Davey"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Thomas": ("Tom", "Tommy"),
    "Rebecca": ("Becky", "Becca"),
    "Daniel": ("Danny", "Dan"),
    "Christopher": ("Chris",),
    "Christine": ("Chris", "Tina"),
    "Michael": ("Mike", "Mick", "Mikey"),
    "Robert": ("Rob", "Bob", "Bobby", "Robbie"),
    "Richard": ("Rich", "Rick", "Richie"),
    "Anthony": ("Tony", "Ant"),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Andrew": ("Andy", "Drew"),
    "Jonathan": ("Jon", "Jonny"),
    "Nicholas": ("Nick", "Nicky"),
    "Matthew": ("Matt",),
    "Benjamin": ("Ben", "Benji"),
    "Joseph": ("Joe", "Joey"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Alexander": ("Alex", "Xander"),
    "Alexandra": ("Alex", "Lexi"),
    "Aleksander": ("Olek", "Alek"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Jennifer": ("Jen", "Jenny"),
    "Victoria": ("Vicky", "Tori"),
    "Deborah": ("Debbie", "Deb"),
    "Susan": ("Sue", "Susie"),
    "Patricia": ("Pat", "Trish"),
    "Kimberley": ("Kim",),
    "Jessica": ("Jess",),
    "Charlotte": ("Lottie", "Charlie"),
    "Abigail": ("Abbie", "Abby"),
    "Amanda": ("Mandy",),
    "Nathan": ("Nate",),
    "Timothy": ("Tim",),
    "Philip": ("Phil",),
    "Frederick": ("Fred", "Freddie"),
    "Alfred": ("Alf", "Alfie"),
    "Henry": ("Harry",),
    "Oliver": ("Ollie",),
    "Gregory": ("Greg",),
    "Leonard": ("Len", "Lenny"),
    "Raymond": ("Ray",),
    "Kenneth": ("Ken", "Kenny"),
    "Terence": ("Terry",),
    "Ronald": ("Ron", "Ronnie"),
    "Donald": ("Don",),
    "Gerald": ("Gerry",),
    "Patrick": ("Paddy", "Pat"),
    "Nicola": ("Nicky", "Nic"),
    "Natalie": ("Nat",),
    "Jacqueline": ("Jackie",),
    "Emily": ("Em", "Emmy"),
    "Eleanor": ("Ellie", "Nell"),
    "Isabella": ("Bella", "Izzy"),
    "Olivia": ("Liv", "Livvy"),
    "Joshua": ("Josh",),
    "Zachary": ("Zach", "Zac"),
    "Jacob": ("Jake",),
    "Callum": ("Cal",),
    "Archie": ("Arch",),
    "Sebastian": ("Seb",),
    "Theodore": ("Theo",),
    "Maximilian": ("Max",),
    "Penelope": ("Penny",),
    "Gabriel": ("Gabi",),
    "Katarzyna": ("Kasia",),
    "Małgorzata": ("Gosia",),
    "Aleksandra": ("Ola",),
    "Wojciech": ("Wojtek",),
    "Oluwaseun": ("Seun",),
    "Babatunde": ("Tunde",),
    "Oluwatoyin": ("Toyin",),
    "Chukwuemeka": ("Emeka",),
    "Abdirahman": ("Abdi",),
    "Abdullahi": ("Abdi",),
    "Ibrahim": ("Ibby",),
    "Konstantinos": ("Kostas", "Costas"),
    "Georgios": ("Giorgos", "George"),
    "Ioannis": ("Yiannis", "John"),
    "Dimitrios": ("Dimitris", "Jimmy"),
    "Vasilis": ("Bill",),
    "Nikolai": ("Kolya",),
    "Aleksandr": ("Sasha",),
    "Yevgeny": ("Zhenya",),
    "Reginald": ("Reggie", "Reg"),
    "Stanley": ("Stan",),
    "Douglas": ("Doug",),
    "Dorothy": ("Dot", "Dottie"),
    "Pamela": ("Pam",),
    "Valerie": ("Val",),
    "Gillian": ("Gill", "Jill"),
    "Beverley": ("Bev",),
}

# Spellings of the same name, recorded interchangeably by clerks (transliteration from
# Arabic, Cyrillic, Bengali; plain misspelling of English names).
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed", "Mohamad"),
    ("Ahmed", "Ahmad", "Ahmet"),
    ("Hussain", "Hussein", "Husain", "Hossain"),
    ("Yusuf", "Yousef", "Youssef", "Yusef"),
    ("Aisha", "Ayesha", "Aysha", "Aishah"),
    ("Fatima", "Fatimah", "Fatma"),
    ("Khadija", "Khadijah", "Khadeeja"),
    ("Usman", "Osman", "Othman"),
    ("Mustafa", "Mostafa", "Mustapha"),
    ("Abdirahman", "Abdurahman", "Abdulrahman"),
    ("Aleksandr", "Alexander", "Aleksander", "Oleksandr"),
    ("Sergei", "Sergey", "Serhiy"),
    ("Dmitri", "Dmitry", "Dmytro"),
    ("Yevgeny", "Evgeny", "Evgeni"),
    ("Mikhail", "Michail"),
    ("Zainab", "Zaynab", "Zeinab"),
    ("Maryam", "Mariam", "Maryan"),
    ("Ibrahim", "Ebrahim", "Ibraheem"),
    ("Ismail", "Ismael", "Esmail"),
    ("Suleiman", "Sulaiman", "Suleyman"),
    ("Mohamud", "Mahamud", "Mohamoud"),
    ("Hassan", "Hasan"),
    ("Hamza", "Hamzah"),
    ("Chowdhury", "Choudhury", "Chaudhry", "Choudhry"),
    ("Rahman", "Rehman"),
    ("Yasmin", "Yasmine", "Jasmin"),
    ("Sean", "Shaun", "Shawn", "Seán"),
    ("Stephen", "Steven"),
    ("Philip", "Phillip"),
    ("Jayden", "Jaden", "Jaiden"),
    ("Sarah", "Sara"),
    ("Rachel", "Rachael"),
    ("Lindsey", "Lindsay"),
    ("Hayley", "Haley"),
    ("Kirsty", "Kirstie"),
    ("Zoe", "Zoey"),
    ("Anne", "Ann"),
    ("Geoffrey", "Jeffrey"),
    ("Callum", "Calum"),
    ("Louis", "Lewis"),
    ("Aimee", "Amy"),
    ("Jemma", "Gemma"),
    ("Ciaran", "Kieran"),
    ("MacDonald", "McDonald"),
    ("MacLeod", "McLeod"),
    ("Mackenzie", "McKenzie"),
    ("MacGregor", "McGregor"),
    ("Macintyre", "McIntyre"),
)

# Similar-looking first names that twins are sometimes given.
TWIN_NAME_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("F", "Ellie", "Ella"),
    ("F", "Amelia", "Amelie"),
    ("F", "Lily", "Lola"),
    ("F", "Ruby", "Rosie"),
    ("F", "Isla", "Ella"),
    ("F", "Freya", "Faye"),
    ("F", "Aisha", "Asha"),
    ("F", "Maya", "Mia"),
    ("F", "Hana", "Hania"),
    ("M", "Jayden", "Jaden"),
    ("M", "Harvey", "Harry"),
    ("M", "Mason", "Jason"),
    ("M", "Leo", "Theo"),
    ("M", "Jack", "Jake"),
    ("M", "Ethan", "Evan"),
    ("M", "Louis", "Lewis"),
    ("M", "Hassan", "Hussain"),
    ("M", "Zain", "Zayn"),
    ("M", "Kai", "Kian"),
    ("M", "Alfie", "Archie"),
)

# Social workers and key workers.
WORKER_FIRST = _words(
    """Sarah Emma Claire Rachel Laura Helen Amanda Joanne Nicola Kate Fiona
Priya Aisha Grace Funmi Marta Siobhan Anna James Mark Tom Daniel Ben Sanjay Kwame Lee Paul"""
)

WORKER_LAST = _words(
    """Hughes Patel Okafor Thompson Brennan Walsh Fisher Khan Morgan Price Evans
Shaw Lloyd Mensah Nowak Singh Clarke Barker Ahmed Webb Reid Doyle"""
)

# Names given at reception that are not the person's own (false names).
FALSE_FIRST_NAMES = _words("""John Mark Paul Chris Michael Daniel Lee Tony Dave Sam""")


def feminine_surname(surname: str, origin: str) -> str:
    """The feminine form of a surname for origins that inflect by sex (Polish, Greek, ...)."""
    if origin == "polish":
        for ending, feminine in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if surname.endswith(ending):
                return surname[: -len(ending)] + feminine
        return surname
    if origin == "greek":
        if surname.endswith("opoulos"):
            return surname[: -len("opoulos")] + "opoulou"
        if surname.endswith("os"):
            return surname[:-2] + "ou"
        if surname.endswith("is"):
            return surname[:-2] + "i"
        return surname
    if origin == "eastern_european":
        if surname.endswith("ov") or surname.endswith("ev"):
            return surname + "a"
        if surname.endswith("as"):  # Lithuanian: Kazlauskas -> Kazlauskienė (married)
            return surname[:-2] + "ienė"
        if surname in ("Novák", "Dvořák"):
            return surname + "ová"
        return surname
    return surname


def masculine_surname(surname: str, origin: str) -> str:
    """Undo `feminine_surname` for the few origins where it applies."""
    if origin == "polish":
        for ending, masculine in (("ska", "ski"), ("cka", "cki"), ("dzka", "dzki")):
            if surname.endswith(ending):
                return surname[: -len(ending)] + masculine
    return surname
