10 REM arrays of numbers and strings
20 DIM A(10), N$(3)
30 FOR I=0 TO 10: A(I)=I*I: NEXT I
40 PRINT A(0); " "; A(5); " "; A(10)
50 N$(0)="ZERO": N$(1)="ONE": N$(3)="THREE"
60 FOR I=0 TO 3: PRINT I; "="; N$(I); ";": NEXT I
70 S=0: FOR I=1 TO 10: S=S+A(I): NEXT I
80 PRINT "SUM "; S
90 A(A(2))=99: PRINT A(4)
