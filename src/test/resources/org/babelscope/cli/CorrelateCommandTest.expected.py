# Independent derivation of CorrelateCommandTest's expected numbers (plain Python + scipy).
from scipy import stats
import math
T,F=True,False
langs=["de","fr","it","cn"]
correct={"de":[T,T,F,T,F,T],"fr":[T,F,F,T,F,T],"it":[T,T,T,T,T,F],"cn":[F,T,F,F,T,F]}
pivot={"de":[T,T,T,T,T,F],"fr":[T,T,T,T,T,F],"it":[T,T,T,T,F,T],"cn":[T,T,T,T,T,F]}
dali={
 "de":[[0,1,1],[0,1,0],[0,0,0],[1,1,1],[0,1,0],[0,1,1]],
 "fr":[[0,1,0],[0,0,0],[1,0,0],[0,1,1],[0,1,0],[1,1,1]],
 "it":[[1,1,1],[0,1,1],[0,1,0],[1,1,1],[0,0,0],[0,0,1]],
 "cn":[[0,0,0],[0,1,0],[1,0,0],[0,0,0],[0,1,1],[0,0,0]]}
def dali_s(l,i,j): return dali[l][i][j] if (i+j)%3!=0 else 0
def margin(l,i,j): return (2*dali[l][i][j]-1)*0.05+0.01*i-0.002*j+0.001*langs.index(l)
# l*
means=[sum(dali[l][i][j] for l in langs for i in range(6))/24 for j in range(3)]
print("mean dali per layer",means)
ls=max(range(3),key=lambda j:(means[j],-j)); print("l* index",ls,"layer",[1,2,3][ls])
for l in langs:
    m=[sum(dali[l][i][j] for i in range(6))/6 for j in range(3)]
    print(l,"own l* layer",[1,2,3][max(range(3),key=lambda j:(m[j],-j))], "dali per layer",m)
def ztest(x1,n1,x2,n2):
    p=(x1+x2)/(n1+n2); se=math.sqrt(p*(1-p)*(1/n1+1/n2)); z=(x1/n1-x2/n2)/se; return z,stats.norm.sf(z)
def auroc(s,y):
    pos=[a for a,b in zip(s,y) if b]; neg=[a for a,b in zip(s,y) if not b]
    return sum((1 if p>n else 0.5 if p==n else 0) for p in pos for n in neg)/(len(pos)*len(neg))
score={"dali":lambda l,i:dali[l][i][ls],"dali_s":lambda l,i:dali_s(l,i,ls),"dali_margin":lambda l,i:margin(l,i,ls)}
allcc={k:[] for k in score}; allcw={k:[] for k in score}; alls={k:[] for k in score}; ally=[]
for l in langs:
    cc=[i for i in range(6) if pivot[l][i] and correct[l][i]]; cw=[i for i in range(6) if pivot[l][i] and not correct[l][i]]
    print(l,"CC",len(cc),"CW",len(cw))
    for k,f in score.items():
        a=[f(l,i) for i in cc]; b=[f(l,i) for i in cw]
        d=sum(a)/len(a)-sum(b)/len(b)
        out=[k,"delta",repr(d)]
        if k!="dali_margin": out+=["z,p",repr(ztest(sum(a),len(a),sum(b),len(b)))]
        out+=["auroc",repr(auroc([f(l,i) for i in range(6)],correct[l]))]
        print("  ",*out)
        allcc[k]+=a; allcw[k]+=b; alls[k]+=[f(l,i) for i in range(6)]
    ally+=correct[l]
print("pooled CC",len(allcc["dali"]),"CW",len(allcw["dali"]))
for k in score:
    a,b=allcc[k],allcw[k]; d=sum(a)/len(a)-sum(b)/len(b)
    print("  pooled",k,"delta",repr(d), "z,p" if k!="dali_margin" else "", repr(ztest(sum(a),len(a),sum(b),len(b))) if k!="dali_margin" else "", "auroc",repr(auroc(alls[k],ally)))
acc={l:sum(correct[l])/6 for l in langs}
mexa={"de":[0.5,0.7,0.6],"fr":[0.4,0.8,0.3],"it":[0.6,0.9,0.9],"cn":[0.2,0.4,0.3]}
for pool,fn in (("mean",lambda s:sum(s)/len(s)),("max",max)):
    x=[fn(mexa[l]) for l in langs]; y=[acc[l] for l in langs]
    print("mexa",pool,repr(stats.pearsonr(x,y)),repr(stats.spearmanr(x,y)))
cos={"de":[0.6,0.6,0.6],"fr":[0.3,0.2,0.4],"it":[0.7,0.7,0.9]}
for pool,fn in (("mean",lambda s:sum(s)/len(s)),("max",max)):
    l3=["de","fr","it"]; x=[fn(cos[l]) for l in l3]; y=[acc[l] for l in l3]
    print("cos",pool,repr(stats.pearsonr(x,y)),repr(stats.spearmanr(x,y)))
# dali language level: per-language mean of item dali per layer (as align writes it)
dl={l:[sum(dali[l][i][j] for i in range(6))/6 for j in range(3)] for l in langs}
x=[sum(dl[l])/3 for l in langs]; y=[acc[l] for l in langs]
print("dali mean",repr(stats.pearsonr(x,y)),repr(stats.spearmanr(x,y)))
